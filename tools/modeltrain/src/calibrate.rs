//! Platt scaling on dev: per category, `p = σ(a·z + b)` over the model's logit `z`, fitted by
//! Newton's method on the log loss with every dev source weighing the same (MedQuAD's 11,000 dev
//! questions would otherwise decide what a probability means). `a` and `b` fold into the model's
//! scale and bias, so calibrated probabilities cost nothing at inference.

use std::collections::BTreeMap;

use crate::examples::{Example, CATEGORIES};

/// Per category `(a, b)`; `(1, 0)` where dev has no positive or no negative.
pub fn fit(dev: &[Example], logits: &[[f32; 7]]) -> Vec<(f64, f64)> {
    let mut size: BTreeMap<&str, usize> = BTreeMap::new();
    for e in dev {
        *size.entry(&e.source).or_default() += 1;
    }
    let weight: Vec<f64> = dev
        .iter()
        .map(|e| 1.0 / size[e.source.as_str()] as f64)
        .collect();
    (0..CATEGORIES.len())
        .map(|k| {
            let y: Vec<f64> = dev
                .iter()
                .map(|e| f64::from(u8::from(e.labels.contains(CATEGORIES[k]))))
                .collect();
            if y.iter().all(|&v| v == 0.0) || y.iter().all(|&v| v == 1.0) {
                return (1.0, 0.0);
            }
            let z: Vec<f64> = logits.iter().map(|l| f64::from(l[k])).collect();
            newton(&z, &y, &weight)
        })
        .collect()
}

/// The weighted log loss of `σ(a·z + b)`.
fn loss(z: &[f64], y: &[f64], w: &[f64], a: f64, b: f64) -> f64 {
    let mut l = 0.0;
    for i in 0..z.len() {
        let t = a * z[i] + b;
        // log(1 + e^t) − y·t, computed without overflow.
        let softplus = if t > 0.0 {
            t + (-t).exp().ln_1p()
        } else {
            t.exp().ln_1p()
        };
        l += w[i] * (softplus - y[i] * t);
    }
    l
}

/// Newton's method with a backtracking line search (a plain Newton step overshoots from far away).
fn newton(z: &[f64], y: &[f64], w: &[f64]) -> (f64, f64) {
    let (mut a, mut b) = (1.0, 0.0);
    let mut current = loss(z, y, w, a, b);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9);
        for i in 0..z.len() {
            let p = 1.0 / (1.0 + (-(a * z[i] + b)).exp());
            let r = w[i] * (p - y[i]);
            let s = w[i] * p * (1.0 - p);
            ga += r * z[i];
            gb += r;
            haa += s * z[i] * z[i];
            hab += s * z[i];
            hbb += s;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-18 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        let mut step = 1.0;
        let improved = loop {
            let (na, nb) = (a - step * da, b - step * db);
            let l = loss(z, y, w, na, nb);
            if l < current {
                break Some((na, nb, l));
            }
            step /= 2.0;
            if step < 1e-6 {
                break None;
            }
        };
        let Some((na, nb, l)) = improved else { break };
        let moved = (na - a).abs() + (nb - b).abs();
        (a, b, current) = (na, nb, l);
        if moved < 1e-9 {
            break;
        }
    }
    // A flat or inverted fit would reorder the scores: keep the model as trained.
    if a > 0.0 && a.is_finite() && b.is_finite() {
        (a, b)
    } else {
        (1.0, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_known_scaling() {
        // Labels drawn (deterministically) from p = σ(0.5 z − 1).
        let z: Vec<f64> = (0..2000).map(|i| (i as f64 - 1000.0) / 100.0).collect();
        let y: Vec<f64> = z
            .iter()
            .enumerate()
            .map(|(i, &z)| {
                let p = 1.0 / (1.0 + (-(0.5 * z - 1.0)).exp());
                let u = ((i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 11) as f64
                    / (1u64 << 53) as f64;
                f64::from(u8::from(u < p))
            })
            .collect();
        let (a, b) = newton(&z, &y, &vec![1.0; z.len()]);
        assert!((a - 0.5).abs() < 0.1, "a = {a}");
        assert!((b + 1.0).abs() < 0.3, "b = {b}");
    }
}
