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
}

impl ApiCall {
    /// The URL through the proxy, e.g. `/api/swr/cn-north-4/v2/...`.
    pub fn url(&self, proxy_base: &str) -> String {
        format!(
            "{}/{}/{}{}",
            proxy_base.trim_end_matches('/'),
            self.service,
            self.region,
            self.path
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_joins_base_service_region_and_path() {
        let call = ApiCall {
            method: Method::Post,
            service: Service::Swr,
            region: "cn-north-4".into(),
            path: "/v2/p/instances/i/replication/executions".into(),
            body: None,
        };
        assert_eq!(
            call.url("/api/"),
            "/api/swr/cn-north-4/v2/p/instances/i/replication/executions"
        );
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
