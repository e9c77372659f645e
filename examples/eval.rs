//! Prints the evaluation figures on the labelled set in `testdata/eval/`:
//! `cargo run --release --example eval` (add `-- --misses` to list every miss).
//! The second table applies each disguise to the words that carry the sensitive meaning of every
//! sensitive message and counts the messages that got through.

#[path = "../tests/support/eval.rs"]
mod eval;

fn main() {
    let misses = std::env::args().any(|a| a == "--misses");
    let cases = eval::cases();
    let figures = eval::evaluate(&cases);
    println!("Plain messages (announced-rollout policy):\n");
    print!("{}", eval::Table(&figures));
    let disguises = eval::evaluate_disguises(&cases);
    println!("\nDisguised sensitive messages that got through:\n");
    print!("{}", eval::DisguiseTable(&disguises));
    if misses {
        for (_, f) in &figures {
            for m in &f.misses {
                println!("{m}");
            }
        }
        for r in &disguises {
            for m in &r.examples {
                println!("{m}");
            }
        }
    }
}
