use clap::Parser;

fn main() -> std::process::ExitCode {
    kartka::cli::run(kartka::cli::Cli::parse(), &kartka::cli::Env::from_process())
}
