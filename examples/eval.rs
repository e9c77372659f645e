//! Prints the evaluation figures on the labelled set in `tests/eval/`:
//! `cargo run --release --example eval` (add `-- --misses` to list every miss).

#[path = "../tests/support/eval.rs"]
mod eval;

fn main() {
    let cases = eval::cases();
    let figures = eval::evaluate(&cases);
    print!("{}", eval::Table(&figures));
    if std::env::args().any(|a| a == "--misses") {
        for (_, f) in &figures {
            for m in &f.misses {
                println!("{m}");
            }
        }
    }
}
