//! The sandbox's fixed data and state. README documents these values.

/// The one token the sandbox accepts.
pub const TOKEN: &str = "ferry-sandbox-token";
pub const PROJECT_ID: &str = "0b5f2a4c8e6d4f1a9c3b7e2d1f0a6c5b";
/// A Running SWR Enterprise Edition instance.
pub const INSTANCE_ID: &str = "5b8d2a47-6f1e-4c3a-9d0b-7e2f1a3c4b5d";
/// An enabled policy of that instance.
pub const POLICY_ID: i32 = 12;

#[derive(Debug, Clone)]
pub struct Policy {
    pub id: i32,
    pub name: &'static str,
    pub enabled: bool,
}

#[derive(Debug, Clone)]
pub struct Instance {
    pub id: &'static str,
    pub project_id: &'static str,
    pub name: &'static str,
    pub policies: Vec<Policy>,
}

#[derive(Debug, Clone)]
pub struct Execution {
    pub id: i64,
    pub instance_id: String,
    pub policy_id: i32,
}

#[derive(Debug)]
pub struct World {
    pub instances: Vec<Instance>,
    pub executions: Vec<Execution>,
    next_execution_id: i64,
}

impl World {
    pub fn seeded() -> World {
        World {
            instances: vec![Instance {
                id: INSTANCE_ID,
                project_id: PROJECT_ID,
                name: "ferry-demo",
                policies: vec![
                    Policy { id: POLICY_ID, name: "nightly-to-eu", enabled: true },
                    Policy { id: 13, name: "release-mirror", enabled: true },
                    Policy { id: 14, name: "legacy-disabled", enabled: false },
                ],
            }],
            executions: Vec::new(),
            next_execution_id: 1001,
        }
    }

    pub fn instance(&self, project_id: &str, instance_id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.project_id == project_id && i.id == instance_id)
    }

    pub fn start_execution(&mut self, instance_id: &str, policy_id: i32) -> i64 {
        let id = self.next_execution_id;
        self.next_execution_id += 1;
        self.executions.push(Execution { id, instance_id: instance_id.to_string(), policy_id });
        id
    }
}
