//! Deploy-time configuration read from `config.json` beside `index.html`.
//! Only that file sets the proxy base URL: no link or URL parameter can, so a
//! crafted link cannot send the user's token to another host.

pub use ferry_api::deploy::{DeployConfig, SandboxDemo, DEFAULT_API_BASE};

/// What the console asks of the deploy's configuration.
pub trait DeployChoices {
    /// (ID, label) of the regions to offer.
    fn region_choices(&self) -> Vec<(String, String)>;
    /// Whether this deploy's cloud offers `service` (e.g. OTC has no SWR).
    fn offers(&self, service: &str) -> bool;
}

impl DeployChoices for DeployConfig {
    fn region_choices(&self) -> Vec<(String, String)> {
        let known = ferry_api::regions::REGIONS;
        let label = |id: &str| match known.iter().find(|(k, _)| *k == id) {
            Some((_, name)) => format!("{name} ({id})"),
            None => id.to_string(),
        };
        match &self.regions {
            Some(list) => list.iter().map(|id| (id.clone(), label(id))).collect(),
            None => known.iter().map(|(id, _)| (id.to_string(), label(id))).collect(),
        }
    }

    fn offers(&self, service: &str) -> bool {
        self.services.as_ref().is_none_or(|s| s.iter().any(|x| x.eq_ignore_ascii_case(service)))
    }
}

/// Why `config.json` could not be read (the defaults stay in place).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("could not fetch config.json: {0}")]
    Fetch(String),
    #[error("config.json answered HTTP {0}")]
    Status(u16),
    #[error("config.json is not valid: {0}")]
    Invalid(String),
}

/// Fetch `/config.json` (through gloo-net, like every other request).
pub async fn load() -> Result<DeployConfig, ConfigError> {
    let response = gloo_net::http::Request::get("/config.json")
        .send()
        .await
        .map_err(|e| ConfigError::Fetch(e.to_string()))?;
    if !response.ok() {
        return Err(ConfigError::Status(response.status()));
    }
    let text = response.text().await.map_err(|e| ConfigError::Fetch(e.to_string()))?;
    ferry_api::lenient::from_text(&text).map_err(|e| ConfigError::Invalid(e.to_string()))
}
