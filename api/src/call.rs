//! One API call as the console sends it through the proxy:
//! `{base}/{service}/{region}{path}`, the contract both sandbox and cloud use.

use std::fmt;

/// The cloud services the proxy knows how to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Swr,
    Hss,
    Ims,
    Iam,
}

impl Service {
    pub const ALL: [Service; 4] = [Service::Swr, Service::Hss, Service::Ims, Service::Iam];

    /// The path segment used under `/api/`.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Swr => "swr",
            Service::Hss => "hss",
            Service::Ims => "ims",
            Service::Iam => "iam",
        }
    }

    pub fn parse(s: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|svc| svc.as_str() == s)
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready to send: everything but the token and the proxy base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCall {
    pub method: Method,
    pub service: Service,
    pub region: String,
    /// Path on the cloud host, starting with `/`, query included.
    pub path: String,
    /// JSON body, already serialised, so the preview shows exactly what is sent.
    pub body: Option<String>,
    /// Extra request headers besides the token and content type (HSS's `region`).
    pub headers: Vec<(String, String)>,
}

impl ApiCall {
    pub fn new(method: Method, service: Service, region: &str, path: String) -> ApiCall {
        ApiCall { method, service, region: region.to_string(), path, body: None, headers: Vec::new() }
    }

    pub fn with_json(mut self, body: String) -> ApiCall {
        self.body = Some(body);
        self
    }

    pub fn with_header(mut self, name: &str, value: &str) -> ApiCall {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// An extra header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The `Content-Type` to send: the call's own, else JSON when there is a body.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type").or(self.body.as_ref().map(|_| "application/json"))
    }

    /// The same request as a curl command, with the token left as `$TOKEN`
    /// so the command can be shared without leaking it. `origin` is the
    /// page's origin, used when the proxy base is a path such as `/api`.
    pub fn curl(&self, origin: &str, proxy_base: &str) -> String {
        let url = self.url(proxy_base);
        let url = if url.starts_with('/') { format!("{}{url}", origin.trim_end_matches('/')) } else { url };
        let mut parts = vec![format!("curl -X {} {}", self.method.as_str(), shell_quote(&url))];
        parts.push("-H \"X-Auth-Token: $TOKEN\"".to_string());
        for (name, value) in &self.headers {
            parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
        }
        if let Some(body) = &self.body {
            if self.header("content-type").is_none() {
                parts.push("-H 'Content-Type: application/json'".to_string());
            }
            parts.push(format!("--data {}", shell_quote(body)));
        }
        parts.join(" \\\n  ")
    }
    /// The URL through the proxy, e.g. `/api/swr/cn-north-4/v2/...`.
    pub fn url(&self, proxy_base: &str) -> String {
        format!("{}/{}/{}{}", proxy_base.trim_end_matches('/'), self.service, self.region, self.path)
    }
}

/// Single-quote for a POSIX shell: `'` becomes `'\''`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_keeps_the_token_out_and_quotes_safely() {
        let call = ApiCall::new(Method::Post, Service::Hss, "cn-north-4", "/v5/p/image/synchronize".into())
            .with_json(r#"{"image_type":"it's"}"#.into())
            .with_header("region", "cn-north-4");
        let curl = call.curl("http://127.0.0.1:8080", "/api");
        assert_eq!(
            curl,
            "curl -X POST 'http://127.0.0.1:8080/api/hss/cn-north-4/v5/p/image/synchronize' \\\n  \
             -H \"X-Auth-Token: $TOKEN\" \\\n  -H 'region: cn-north-4' \\\n  \
             -H 'Content-Type: application/json' \\\n  --data '{\"image_type\":\"it'\\''s\"}'"
        );
    }

    #[test]
    fn url_joins_base_service_region_and_path() {
        let call = ApiCall::new(
            Method::Post,
            Service::Swr,
            "cn-north-4",
            "/v2/p/instances/i/replication/executions".into(),
        );
        assert_eq!(call.url("/api/"), "/api/swr/cn-north-4/v2/p/instances/i/replication/executions");
        assert_eq!(
            call.url("https://proxy.example/api"),
            "https://proxy.example/api/swr/cn-north-4/v2/p/instances/i/replication/executions"
        );
    }

    #[test]
    fn services_round_trip() {
        for svc in Service::ALL {
            assert_eq!(Service::parse(svc.as_str()), Some(svc));
        }
        assert_eq!(Service::parse("obs"), None);
    }
}
