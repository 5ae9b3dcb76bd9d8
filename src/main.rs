//! The `wijzer` command line; everything it does lives in `wijzer::cli`.

fn main() -> std::process::ExitCode {
    wijzer::cli::main()
}
