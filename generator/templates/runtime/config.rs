//! Configuration from the environment, like SailPoint's SDKs (`SAIL_BASE_URL`,
//! `SAIL_CLIENT_ID`, `SAIL_CLIENT_SECRET`), under a prefix chosen when the client was generated.
//!
//! `{PREFIX}_BASE_URL` is the root the spec's server paths hang from (for SailPoint the tenant,
//! `https://acme.api.identitynow.com`: v2024 lives under `/v2024`, the token endpoint at
//! `/oauth/token`). Credentials: `{PREFIX}_CLIENT_ID` and `{PREFIX}_CLIENT_SECRET` for the
//! OAuth2 client-credentials grant (preferred when both kinds are set), or
//! `{PREFIX}_ACCESS_TOKEN` for a fixed bearer token. `{PREFIX}_TOKEN_URL` overrides where
//! tokens come from; `{PREFIX}_ALLOW_INSECURE_HTTP=true` allows `http://` to a host that is not
//! loopback.

use std::fmt;

use super::{is_loopback, Secret, Transport};

/// A configuration variable that is missing or unusable. Names the variable, never the value
/// of a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// A required variable is not set (or is empty).
    Missing {
        /// The variable's name.
        variable: String,
        /// What it is for.
        purpose: &'static str,
    },
    /// No credentials are configured for an API that requires them.
    NoCredentials {
        /// The prefix of the variables that would hold them.
        prefix: String,
    },
    /// A variable is set to something unusable.
    Invalid {
        /// The variable's name.
        variable: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Missing { variable, purpose } => {
                write!(f, "{variable} is not set: it must hold {purpose}")
            }
            ConfigError::NoCredentials { prefix: p } => write!(
                f,
                "no credentials: set {p}_CLIENT_ID and {p}_CLIENT_SECRET, or {p}_ACCESS_TOKEN \
                 (the API requires authentication; Config::allow_anonymous builds a client \
                 without)"
            ),
            ConfigError::Invalid { variable, reason } => {
                write!(f, "{variable} is invalid: {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// How a configured client authenticates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// No credentials.
    None,
    /// A fixed bearer token.
    AccessToken(Secret),
    /// The OAuth2 client-credentials grant.
    ClientCredentials {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: Secret,
    },
}

/// A client configuration read from the environment (or any lookup).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The prefix the variables were read under.
    pub prefix: String,
    /// The root URL (`{PREFIX}_BASE_URL`), without a trailing `/`.
    pub base_url: String,
    /// The credentials.
    pub credentials: Credentials,
    /// Where tokens come from, when `{PREFIX}_TOKEN_URL` says.
    pub token_url: Option<String>,
    /// Whether `http://` to a remote host is allowed.
    pub allow_insecure_http: bool,
    /// Whether a client may be built without credentials for an API that declares it needs
    /// them (see [`Config::allow_anonymous`]).
    pub anonymous: bool,
}

impl Config {
    /// Reads `{prefix}_BASE_URL` and the credentials from the process environment.
    pub fn from_env(prefix: &str) -> Result<Self, ConfigError> {
        Self::from_lookup(prefix, |name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (a variable's value, `None` when unset).
    pub fn from_lookup(
        prefix: &str,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let name = |suffix: &str| format!("{prefix}_{suffix}");
        let get = |suffix: &str| lookup(&name(suffix)).filter(|value| !value.trim().is_empty());
        let allow_insecure_http = match get("ALLOW_INSECURE_HTTP") {
            None => false,
            Some(value) => parse_flag(&value).ok_or_else(|| ConfigError::Invalid {
                variable: name("ALLOW_INSECURE_HTTP"),
                reason: "expected true or false".to_owned(),
            })?,
        };
        let base_url = get("BASE_URL").ok_or_else(|| ConfigError::Missing {
            variable: name("BASE_URL"),
            purpose: "the API's root URL, such as https://acme.api.identitynow.com",
        })?;
        let base_url = check_url(prefix, "BASE_URL", &base_url, allow_insecure_http)?;
        let token_url = get("TOKEN_URL")
            .map(|url| check_url(prefix, "TOKEN_URL", &url, allow_insecure_http))
            .transpose()?;
        let credentials = match (get("CLIENT_ID"), get("CLIENT_SECRET"), get("ACCESS_TOKEN")) {
            (Some(client_id), Some(client_secret), _) => Credentials::ClientCredentials {
                client_id: client_id.trim().to_owned(),
                client_secret: Secret::new(client_secret.trim()),
            },
            (Some(_), None, _) => {
                return Err(ConfigError::Missing {
                    variable: name("CLIENT_SECRET"),
                    purpose: "the client secret that goes with the client id",
                })
            }
            (None, Some(_), _) => {
                return Err(ConfigError::Missing {
                    variable: name("CLIENT_ID"),
                    purpose: "the client id that goes with the client secret",
                })
            }
            (None, None, Some(token)) => Credentials::AccessToken(Secret::new(token.trim())),
            (None, None, None) => Credentials::None,
        };
        Ok(Config {
            prefix: prefix.to_owned(),
            base_url,
            credentials,
            token_url,
            allow_insecure_http,
            anonymous: false,
        })
    }

    /// Allows clients without credentials even for APIs whose spec says calls need them (a
    /// gateway that adds them, a public mirror). Without it, building such a client from a
    /// configuration with no credentials is a [`ConfigError`], so a forgotten variable is not
    /// found out only from a `401` at the first call.
    pub fn allow_anonymous(mut self) -> Self {
        self.anonymous = true;
        self
    }

    /// The root of the API's URLs: the base URL without `server_path` when it already ends
    /// with it (`https://acme.api.identitynow.com/v2024` for `/v2024`).
    fn root(&self, server_path: &str) -> &str {
        match self.base_url.strip_suffix(server_path) {
            Some(root) if !server_path.is_empty() => root,
            _ => &self.base_url,
        }
    }

    /// A transport for one API of this configuration: requests go to the root plus
    /// `server_path` (the path of the spec's server URL, `/v2024`), the root being the base URL
    /// without `server_path` when it already ends with it; tokens come from
    /// `{PREFIX}_TOKEN_URL`, else `token_url` (a path under the root when it starts with `/`,
    /// as the generator writes it when the spec's token endpoint is on the API's host).
    /// `needs_credentials`: the spec requires authentication, so a configuration without
    /// credentials is an error unless [`allow_anonymous`](Self::allow_anonymous) was set.
    pub fn transport(
        &self,
        server_path: &str,
        token_url: Option<&str>,
        needs_credentials: bool,
    ) -> Result<Transport, ConfigError> {
        let server_path = server_path.trim_end_matches('/');
        let root = self.root(server_path);
        let mut transport = Transport::new(format!("{root}{server_path}"));
        transport.set_allow_insecure_http(self.allow_insecure_http);
        match &self.credentials {
            Credentials::None if needs_credentials && !self.anonymous => {
                return Err(ConfigError::NoCredentials {
                    prefix: self.prefix.clone(),
                });
            }
            Credentials::None => {}
            Credentials::AccessToken(token) => transport.set_bearer_token(token.clone()),
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => {
                let token_url = match (&self.token_url, token_url) {
                    (Some(url), _) => url.clone(),
                    (None, Some(path)) if path.starts_with('/') => format!("{root}{path}"),
                    (None, Some(url)) => url.to_owned(),
                    (None, None) => {
                        return Err(ConfigError::Missing {
                            variable: format!("{}_TOKEN_URL", self.prefix),
                            purpose: "the OAuth2 token endpoint (the API declares none)",
                        })
                    }
                };
                transport.set_client_credentials(
                    token_url,
                    client_id.clone(),
                    client_secret.clone(),
                );
            }
        }
        Ok(transport)
    }
}

/// `true`/`false`, `1`/`0`, `yes`/`no`.
fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// `url`, the value of `{prefix}_{suffix}`, as an absolute `https://` (or loopback `http://`)
/// URL without a trailing `/`.
fn check_url(
    prefix: &str,
    suffix: &str,
    url: &str,
    allow_insecure_http: bool,
) -> Result<String, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        variable: format!("{prefix}_{suffix}"),
        reason,
    };
    let url = url.trim();
    let parsed =
        reqwest::Url::parse(url).map_err(|e| invalid(format!("not an absolute URL ({e})")))?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
        return Err(invalid("expected an https:// URL with a host".to_owned()));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("credentials do not belong in the URL".to_owned()));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("expected no query or fragment".to_owned()));
    }
    if parsed.scheme() == "http" && !is_loopback(&parsed) && !allow_insecure_http {
        return Err(invalid(format!(
            "http:// is only allowed for loopback hosts; use https:// or set \
             {prefix}_ALLOW_INSECURE_HTTP=true"
        )));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup("SAIL", |name| vars.get(name).cloned())
    }

    #[test]
    fn client_credentials_and_sailpoint_urls() {
        let config = read(&[
            ("SAIL_BASE_URL", "https://acme.api.identitynow.com/"),
            ("SAIL_CLIENT_ID", "id"),
            ("SAIL_CLIENT_SECRET", "s3cr3t"),
        ])
        .unwrap();
        assert_eq!(config.base_url, "https://acme.api.identitynow.com");
        let transport = config
            .transport("/v2024", Some("/oauth/token"), true)
            .unwrap();
        assert_eq!(
            transport.base_url(),
            "https://acme.api.identitynow.com/v2024"
        );
        let debug = format!("{transport:?}");
        assert!(
            debug.contains("https://acme.api.identitynow.com/oauth/token"),
            "{debug}"
        );
        assert!(!debug.contains("s3cr3t") && !format!("{config:?}").contains("s3cr3t"));
        let cc = config.transport("", Some("/oauth/token"), true).unwrap();
        assert_eq!(cc.base_url(), "https://acme.api.identitynow.com");
    }

    #[test]
    fn a_base_url_that_already_has_the_server_path_is_kept() {
        let config = read(&[
            ("SAIL_BASE_URL", "https://acme.api.identitynow.com/v2024"),
            ("SAIL_CLIENT_ID", "id"),
            ("SAIL_CLIENT_SECRET", "s"),
        ])
        .unwrap();
        let v2024 = config
            .transport("/v2024", Some("/oauth/token"), true)
            .unwrap();
        assert_eq!(v2024.base_url(), "https://acme.api.identitynow.com/v2024");
        let debug = format!("{v2024:?}");
        assert!(
            debug.contains("\"https://acme.api.identitynow.com/oauth/token\""),
            "tokens come from the tenant root: {debug}"
        );
    }

    #[test]
    fn no_credentials_is_an_error_unless_allowed_or_not_needed() {
        let config = read(&[("SAIL_BASE_URL", "https://a.example")]).unwrap();
        let error = config.transport("/v1", None, true).unwrap_err();
        assert!(
            error.to_string().contains("SAIL_CLIENT_ID")
                && error.to_string().contains("SAIL_ACCESS_TOKEN")
                && error.to_string().contains("allow_anonymous"),
            "{error}"
        );
        assert!(config.transport("/v1", None, false).is_ok());
        assert!(config
            .allow_anonymous()
            .transport("/v1", None, true)
            .is_ok());
    }

    #[test]
    fn errors_name_the_variable_and_never_the_secret() {
        let missing = read(&[]).unwrap_err();
        assert!(
            missing.to_string().starts_with("SAIL_BASE_URL is not set"),
            "{missing}"
        );
        let half = read(&[
            ("SAIL_BASE_URL", "https://a.example"),
            ("SAIL_CLIENT_SECRET", "s3cr3t"),
        ])
        .unwrap_err();
        assert!(
            half.to_string().contains("SAIL_CLIENT_ID") && !half.to_string().contains("s3cr3t")
        );
        let bad = read(&[("SAIL_BASE_URL", "acme.api.identitynow.com")]).unwrap_err();
        assert!(
            bad.to_string().contains("SAIL_BASE_URL is invalid"),
            "{bad}"
        );
        let with_password = read(&[("SAIL_BASE_URL", "https://u:s3cr3t@a.example")]).unwrap_err();
        assert!(
            !with_password.to_string().contains("s3cr3t"),
            "{with_password}"
        );
        let flag = read(&[
            ("SAIL_BASE_URL", "https://a.example"),
            ("SAIL_ALLOW_INSECURE_HTTP", "maybe"),
        ])
        .unwrap_err();
        assert!(
            flag.to_string().contains("SAIL_ALLOW_INSECURE_HTTP"),
            "{flag}"
        );
    }

    #[test]
    fn plain_http_only_for_loopback_unless_allowed() {
        assert!(read(&[("SAIL_BASE_URL", "http://127.0.0.1:8080")]).is_ok());
        assert!(read(&[("SAIL_BASE_URL", "http://localhost:8080")]).is_ok());
        let refused = read(&[("SAIL_BASE_URL", "http://acme.example")]).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("SAIL_ALLOW_INSECURE_HTTP=true"),
            "{refused}"
        );
        let allowed = read(&[
            ("SAIL_BASE_URL", "http://acme.example"),
            ("SAIL_ALLOW_INSECURE_HTTP", "true"),
        ]);
        assert!(allowed.unwrap().allow_insecure_http);
    }

    #[test]
    fn access_tokens_and_token_url_overrides() {
        let config = read(&[
            ("SAIL_BASE_URL", "https://a.example"),
            ("SAIL_ACCESS_TOKEN", "tok"),
        ])
        .unwrap();
        assert_eq!(
            config.credentials,
            Credentials::AccessToken(Secret::new("tok"))
        );
        let config = read(&[
            ("SAIL_BASE_URL", "https://a.example"),
            ("SAIL_CLIENT_ID", "id"),
            ("SAIL_CLIENT_SECRET", "s"),
        ])
        .unwrap();
        let none = config.transport("/api", None, true).unwrap_err();
        assert!(none.to_string().contains("SAIL_TOKEN_URL"), "{none}");
        let absolute = config
            .transport("/api", Some("https://auth.example/token"), true)
            .unwrap();
        assert!(format!("{absolute:?}").contains("https://auth.example/token"));
    }
}
