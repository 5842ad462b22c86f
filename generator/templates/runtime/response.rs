//! Responses: reading bodies within a size limit, decoding them, and the values handed back.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::{scrub_bytes, server_message, Error, Failure, Secret};

/// A response body read chunk by chunk.
#[derive(Debug)]
pub struct ByteStream(reqwest::Response);

impl ByteStream {
    /// Wraps a successful response, keeping its status and headers.
    pub fn response(response: reqwest::Response) -> ResponseValue<ByteStream> {
        ResponseValue {
            status: response.status(),
            headers: response.headers().clone(),
            body: ByteStream(response),
        }
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error> {
        self.0.chunk().await
    }

    /// Reads the rest of the body.
    pub async fn collect(self) -> Result<bytes::Bytes, reqwest::Error> {
        self.0.bytes().await
    }
}

/// A response as received, before decoding.
#[derive(Debug)]
pub struct RawResponse {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl RawResponse {
    /// Reads the whole body of `response` for `operation`, failing once it grows past `limit`
    /// bytes (checked against `Content-Length` first, then as chunks arrive).
    pub async fn read(
        operation: &'static str,
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<Self, Failure> {
        let status = response.status();
        let too_large = |response: &reqwest::Response| Failure::ResponseTooLarge {
            operation,
            status,
            headers: response.headers().clone(),
            limit,
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large(&response));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Failure::transport(operation, e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large(&response));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            operation,
            status,
            headers: response.headers().clone(),
            body: body.into(),
        })
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// This response with every occurrence of `secrets` in its body and header values replaced
    /// by [`REDACTED`](super::REDACTED): a server that echoes a token or client secret in an
    /// error does not get it into the error's `Display`, `Debug` or logs.
    pub fn scrubbed(mut self, secrets: &[Secret]) -> Self {
        if secrets.is_empty() {
            return self;
        }
        if let Some(body) = scrub_bytes(&self.body, secrets) {
            self.body = body.into();
        }
        for value in self.headers.values_mut() {
            if let Some(clean) = scrub_bytes(value.as_bytes(), secrets) {
                if let Ok(clean) = reqwest::header::HeaderValue::from_bytes(&clean) {
                    *value = clean;
                }
            }
        }
        self
    }

    /// The raw body.
    pub fn body(&self) -> &bytes::Bytes {
        &self.body
    }

    /// The operation the response answers.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    fn value<T>(self, body: T) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    fn decode_error<E>(self, source: serde_json::Error) -> Error<E> {
        Error::Decode {
            operation: self.operation,
            path: json_path_at(&self.body, source.line(), source.column()),
            status: self.status,
            headers: self.headers,
            body: self.body,
            source,
        }
    }

    /// Decodes a JSON success body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        match self.decode::<T>() {
            Ok(body) => Ok(self.value(body)),
            Err(source) => Err(self.decode_error(source)),
        }
    }

    /// A success without a body (any body sent is ignored).
    pub fn empty<E>(self) -> Result<ResponseValue<()>, Error<E>> {
        Ok(self.value(()))
    }

    /// A text success body.
    pub fn text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Ok(self.value(text))
    }

    /// A binary success body.
    pub fn bytes<E>(self) -> Result<ResponseValue<bytes::Bytes>, Error<E>> {
        let body = self.body.clone();
        Ok(self.value(body))
    }

    /// A declared error status with a JSON body, wrapped by `wrap` into the operation's error type.
    pub fn error_json<T: DeserializeOwned, E>(self, wrap: fn(T) -> E) -> Error<E> {
        match self.decode::<T>() {
            Ok(body) => Error::Api {
                operation: self.operation,
                message: server_message(&self.body),
                status: self.status,
                headers: self.headers,
                body: wrap(body),
            },
            Err(source) => self.decode_error(source),
        }
    }

    /// A declared error status whose body is not decoded as JSON.
    pub fn error_with<E>(self, wrap: fn(bytes::Bytes) -> E) -> Error<E> {
        let message = server_message(&self.body);
        let body = wrap(self.body);
        Error::Api {
            operation: self.operation,
            message,
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// A status the spec does not declare.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            operation: self.operation,
            message: server_message(&self.body),
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }

    /// The error for a non-success response handed to an operation's `decode`: its decoded
    /// error, or, if `decode` took it for a success (a `default` response), an unexpected status.
    pub fn failure<T, E>(
        self,
        decode: fn(RawResponse) -> Result<ResponseValue<T>, Error<E>>,
    ) -> Error<E> {
        let operation = self.operation;
        let message = server_message(&self.body);
        match decode(self) {
            Err(error) => error,
            Ok(unexpected) => Error::UnexpectedStatus {
                operation,
                message,
                status: unexpected.status,
                headers: unexpected.headers,
                body: bytes::Bytes::new(),
            },
        }
    }

    /// Decodes a JSON body of any shape, whatever the status: for requests the spec does not
    /// describe (see `Client::execute`).
    pub fn into_json<T: DeserializeOwned>(
        self,
    ) -> Result<ResponseValue<T>, Error<serde_json::Value>> {
        if !self.status.is_success() {
            let body = serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null);
            return Err(Error::Api {
                operation: self.operation,
                message: server_message(&self.body),
                status: self.status,
                headers: self.headers,
                body,
            });
        }
        self.json()
    }
}

/// One open container while scanning JSON text for a path.
enum PathFrame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path (`items[3].created`, `.` for the root) of the value at `line`/`column` (1-based,
/// as `serde_json` reports errors) of a JSON text. Found by scanning the text, not by decoding
/// it again, so it costs no code per decoded type.
pub fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    let mut offset = body.len();
    let mut current_line = 1;
    for (i, byte) in body.iter().enumerate() {
        if current_line == line {
            // Up to and including the character the error points at.
            offset = (i + column).min(body.len());
            break;
        }
        if *byte == b'\n' {
            current_line += 1;
        }
    }
    let mut stack: Vec<PathFrame> = Vec::new();
    let mut i = 0;
    while i < offset {
        match body[i] {
            b'{' => stack.push(PathFrame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(PathFrame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(PathFrame::Array { index }) => *index += 1,
                Some(PathFrame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(PathFrame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if let Some(PathFrame::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    let text = body.get(start..=i).unwrap_or_default();
                    *key = serde_json::from_slice::<String>(text).ok();
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            PathFrame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            PathFrame::Object { key: None, .. } => {}
            PathFrame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A successful response: the decoded body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> ResponseValue<T> {
    /// The decoded body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }

    /// Maps the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_point_at_the_failing_value() {
        let body = br#"{"items":[{"id":"a"},{"id":"b","created":"not a date"}]}"#;
        let column = body.iter().position(|&b| b == b'n').unwrap() + 1;
        assert_eq!(json_path_at(body, 1, column), "items[1].created");
        assert_eq!(json_path_at(b"[1,2,", 1, 5), "[2]");
        assert_eq!(json_path_at(b"42", 1, 1), ".");
        assert_eq!(json_path_at(br#"{"a\"b":1}"#, 1, 9), "a\"b");
    }

    #[test]
    fn decode_errors_keep_the_body_and_name_the_operation() {
        let raw = RawResponse {
            operation: "getIdentity",
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(br#"{"id": 5}"#),
        };
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Identity {
            id: String,
        }
        match raw.json::<Identity, ()>() {
            Err(Error::Decode {
                operation,
                path,
                body,
                ..
            }) => {
                assert_eq!(operation, "getIdentity");
                assert_eq!(path, "id");
                assert_eq!(&body[..], br#"{"id": 5}"#);
            }
            other => panic!("{other:?}"),
        }
    }
}
