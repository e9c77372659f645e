//! Logistic regression by plain SGD, one independent output per category, over the hashed features.
//! Single-threaded with a seeded order, so the same data and parameters give the same weights.

use chat_interests::{fold_disguised, FeatureHasher, SensitiveSet};

use crate::examples::{Example, CATEGORIES};
use crate::params::Params;

/// A featurized example: its buckets (with repeats), labels as bits over `CATEGORIES`.
pub struct Row {
    pub features: Vec<u32>,
    pub labels: u8,
}

pub fn featurize(hasher: &FeatureHasher, text: &str, labels: SensitiveSet) -> Row {
    let mut features = Vec::new();
    hasher.for_each(&fold_disguised(text), |b| features.push(b));
    let mut bits = 0u8;
    for (k, &c) in CATEGORIES.iter().enumerate() {
        if labels.contains(c) {
            bits |= 1 << k;
        }
    }
    Row {
        features,
        labels: bits,
    }
}

/// xorshift64*: the example order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Float weights (bucket-major) and biases.
pub struct Trained {
    pub weights: Vec<f32>,
    pub biases: Vec<f32>,
}

pub fn train(hasher: &FeatureHasher, examples: &[Example], p: &Params) -> Trained {
    let rows: Vec<Row> = examples
        .iter()
        .map(|e| featurize(hasher, &e.text, e.labels))
        .collect();
    let n = CATEGORIES.len();
    let mut positive_weight = vec![1f32; n];
    for (k, w) in positive_weight.iter_mut().enumerate() {
        let pos = rows
            .iter()
            .filter(|r| r.labels & (1 << k) != 0)
            .count()
            .max(1);
        let neg = rows.len() - pos.min(rows.len());
        *w = ((neg as f32 / pos as f32).sqrt()).min(p.get("max_positive_weight") as f32);
    }
    let mut weights = vec![0f32; hasher.buckets() as usize * n];
    let mut biases = vec![0f32; n];
    let epochs = p.int("epochs") as usize;
    let total = (epochs * rows.len()) as f32;
    let lr0 = p.get("learning_rate") as f32;
    let l2 = p.get("l2") as f32;
    let mut rng = Rng(p.int("seed") | 1);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut step = 0f32;
    let mut logits = vec![0f32; n];
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
        }
        for &i in &order {
            let r = &rows[i];
            let lr = lr0 * (1.0 - step / total);
            step += 1.0;
            if r.features.is_empty() {
                continue;
            }
            let norm = 1.0 / (r.features.len() as f32).sqrt();
            logits.copy_from_slice(&biases);
            for &f in &r.features {
                let row = &weights[f as usize * n..f as usize * n + n];
                for (z, w) in logits.iter_mut().zip(row) {
                    *z += w * norm;
                }
            }
            for k in 0..n {
                let y = (r.labels >> k) & 1 == 1;
                let prob = 1.0 / (1.0 + (-logits[k]).exp());
                let g = (prob - f32::from(u8::from(y))) * if y { positive_weight[k] } else { 1.0 };
                logits[k] = g * lr;
            }
            for (b, g) in biases.iter_mut().zip(&logits) {
                *b -= g;
            }
            // L2 on the weights this example touches (the sparse form of weight decay).
            let decay = 1.0 - lr * l2;
            for &f in &r.features {
                let row = &mut weights[f as usize * n..f as usize * n + n];
                for (w, g) in row.iter_mut().zip(&logits) {
                    *w = *w * decay - g * norm;
                }
            }
        }
    }
    Trained { weights, biases }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chat_interests::SensitiveCategory;

    fn examples() -> Vec<Example> {
        let health = SensitiveSet::from_iter([SensitiveCategory::Health]);
        let mut out = Vec::new();
        for i in 0..40 {
            for (text, labels) in [
                (format!("my knee hurts again day {i}"), health),
                (format!("pain in my back since week {i}"), health),
                (
                    format!("best pizza in town number {i}"),
                    SensitiveSet::empty(),
                ),
                (
                    format!("cheap flights to rome in week {i}"),
                    SensitiveSet::empty(),
                ),
            ] {
                out.push(Example {
                    source: "test".into(),
                    text,
                    labels,
                    budget: false,
                });
            }
        }
        out
    }

    fn params() -> Params {
        Params::parse(include_str!("../hyperparameters.tsv")).unwrap()
    }

    #[test]
    fn the_same_data_gives_the_same_weights() {
        let hasher = FeatureHasher::new(12, 3, 5).unwrap();
        let (a, b) = (
            train(&hasher, &examples(), &params()),
            train(&hasher, &examples(), &params()),
        );
        assert_eq!(a.biases, b.biases);
        assert!(a
            .weights
            .iter()
            .zip(&b.weights)
            .all(|(x, y)| x.to_bits() == y.to_bits()));
        assert!(a.weights.iter().any(|&w| w != 0.0));
    }

    #[test]
    fn it_learns_a_separable_toy() {
        let hasher = FeatureHasher::new(12, 3, 5).unwrap();
        let t = train(&hasher, &examples(), &params());
        let logit = |text: &str| {
            let row = featurize(&hasher, text, SensitiveSet::empty());
            let norm = 1.0 / (row.features.len() as f32).sqrt();
            let n = CATEGORIES.len();
            t.biases[0]
                + row
                    .features
                    .iter()
                    .map(|&f| t.weights[f as usize * n] * norm)
                    .sum::<f32>()
        };
        assert!(logit("my knee hurts") > 0.0);
        assert!(logit("pizza in rome") < 0.0);
    }
}
