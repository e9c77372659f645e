//! The hyper-parameters file.

use std::collections::BTreeMap;

/// `tools/modeltrain/hyperparameters.tsv`, read strictly: every name known, every value a number.
pub struct Params {
    values: BTreeMap<String, f64>,
}

const NAMES: &[&str] = &[
    "bits",
    "min_n",
    "max_n",
    "epochs",
    "learning_rate",
    "l2",
    "max_positive_weight",
    "seed",
    "medquad_cap",
    "holisticbias_per_descriptor",
    "written_dev_every",
    "lexicon_phrase_every",
    "threshold_step",
    "min_threshold",
    "false_sensitive_budget",
    "written_false_sensitive_budget",
];

impl Params {
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut values = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, value) = line
                .split_once('\t')
                .ok_or(format!("hyperparameters line {}: name <TAB> value", n + 1))?;
            if !NAMES.contains(&name) {
                return Err(format!("hyperparameters line {}: unknown {name:?}", n + 1));
            }
            let v: f64 = value
                .trim()
                .parse()
                .map_err(|e| format!("hyperparameters line {}: {e}", n + 1))?;
            if values.insert(name.to_owned(), v).is_some() {
                return Err(format!("hyperparameters line {}: {name} twice", n + 1));
            }
        }
        if let Some(missing) = NAMES.iter().find(|n| !values.contains_key(**n)) {
            return Err(format!("hyperparameters: no {missing}"));
        }
        Ok(Self { values })
    }

    pub fn get(&self, name: &str) -> f64 {
        self.values[name]
    }

    pub fn int(&self, name: &str) -> u64 {
        self.values[name] as u64
    }
}
