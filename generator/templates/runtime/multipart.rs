//! Files and `multipart/form-data` bodies.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use super::request::json_text;
use super::ToParam;

/// A file to upload in a multipart body: its bytes, and the file name and content type to
/// declare for it (by default the field name and the type the spec declares, else
/// `application/octet-stream`).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    /// The content.
    pub bytes: Vec<u8>,
    /// The `filename` of the part.
    pub file_name: Option<String>,
    /// The `Content-Type` of the part.
    pub content_type: Option<String>,
}

impl File {
    /// A file with this content.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Declares the file name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Declares the content type (`image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> Self {
        File::new(bytes)
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.bytes.serialize(serializer)
    }
}

/// A file's contents: a list of bytes, or text (its UTF-8 bytes), as JSON tools write
/// `format: binary` values.
impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Contents;

        impl<'de> serde::de::Visitor<'de> for Contents {
            type Value = File;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a file's contents, as bytes or text")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<File, E> {
                Ok(File::new(text.as_bytes()))
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<File, E> {
                Ok(File::new(bytes))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<File, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(File::new(bytes))
            }
        }

        deserializer.deserialize_any(Contents)
    }
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
enum PartBody {
    Text(String),
    File {
        bytes: Vec<u8>,
        file_name: Option<String>,
        content_type: String,
    },
}

/// A `multipart/form-data` body being built.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<(String, PartBody)>,
}

impl Multipart {
    /// Adds a text part.
    pub fn text(&mut self, name: &str, value: &impl ToParam) {
        self.parts
            .push((name.to_owned(), PartBody::Text(value.to_param())));
    }

    /// Adds a part holding `value` as JSON text.
    pub fn json(&mut self, name: &str, value: &impl Serialize) {
        let text = serde_json::to_string(value).unwrap_or_default();
        self.parts.push((name.to_owned(), PartBody::Text(text)));
    }

    /// Adds a file part; `content_type` is used when the file does not declare one.
    pub fn file(&mut self, name: &str, file: &File, content_type: &str) {
        self.parts.push((
            name.to_owned(),
            PartBody::File {
                bytes: file.bytes.clone(),
                file_name: file.file_name.clone(),
                content_type: file
                    .content_type
                    .clone()
                    .unwrap_or_else(|| content_type.to_owned()),
            },
        ));
    }

    /// One text part per property of a JSON object (free-form multipart bodies).
    pub fn from_json(value: &impl Serialize) -> Self {
        let mut form = Multipart::default();
        if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(value) {
            for (name, value) in map {
                form.parts.push((name, PartBody::Text(json_text(value))));
            }
        }
        form
    }

    /// The content type (with boundary) and the encoded body.
    pub(super) fn encode(&self) -> (String, Vec<u8>) {
        let mut boundary = String::from("openapi-gen-boundary-7c4f1e2a9b");
        while self.parts.iter().any(|(name, body)| {
            let bytes = match body {
                PartBody::Text(text) => text.as_bytes(),
                PartBody::File { bytes, .. } => bytes.as_slice(),
            };
            contains(bytes, boundary.as_bytes()) || name.contains(&boundary)
        }) {
            boundary.push('x');
        }
        let mut out = Vec::new();
        for (name, body) in &self.parts {
            let name = name.replace('"', "%22").replace(['\r', '\n'], " ");
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match body {
                PartBody::Text(text) => {
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                            .as_bytes(),
                    );
                    out.extend_from_slice(text.as_bytes());
                }
                PartBody::File {
                    bytes,
                    file_name,
                    content_type,
                } => {
                    let file_name = file_name
                        .as_deref()
                        .unwrap_or(&name)
                        .replace('"', "%22")
                        .replace(['\r', '\n'], " ");
                    let content_type = content_type.replace(['\r', '\n'], " ");
                    out.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(bytes);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), out)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_decode_from_bytes_or_text() {
        let from_bytes: File = serde_json::from_str("[137, 80, 78, 71]").unwrap();
        let from_text: File = serde_json::from_str(r#""\u0000PNG""#).unwrap();
        assert_eq!(from_bytes, File::new(b"\x89PNG".to_vec()));
        assert_eq!(from_text, File::new(b"\x00PNG".to_vec()));
        assert!(serde_json::from_str::<File>("[256]").is_err());
        assert!(serde_json::from_str::<File>("{}").is_err());
    }

    #[test]
    fn parts_are_encoded_with_a_boundary_absent_from_the_content() {
        let mut form = Multipart::default();
        form.text("name", &"Rex");
        form.json("meta", &serde_json::json!({"a": 1}));
        form.file(
            "photo",
            &File::new(b"\x89PNG".to_vec()).with_file_name("rex.png"),
            "image/png",
        );
        let (content_type, body) = form.encode();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("boundary");
        let text = String::from_utf8_lossy(&body);
        assert_eq!(text.matches(boundary).count(), 4, "three parts and the end");
        assert!(text.contains("name=\"name\"\r\n\r\nRex\r\n"), "{text}");
        assert!(text.contains("filename=\"rex.png\""), "{text}");
        assert!(text.contains("Content-Type: image/png"), "{text}");
        assert!(text.contains("{\"a\":1}"), "{text}");
    }

    #[test]
    fn file_debug_shows_the_size_not_the_bytes() {
        let debug = format!("{:?}", File::new(b"secret bytes".to_vec()));
        assert!(!debug.contains("secret"), "{debug}");
    }
}
