//! The `parley` binary as an operator meets it: help, bad input, signals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn parley(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let data_dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_parley"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PARLEY_DATA_DIR", data_dir.path())
        .env("PARLEY_LOG", "error");
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn assert_one_clear_line(output: &Output, expected: &str) {
    assert!(!output.status.success(), "must fail: {output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert_eq!(lines.len(), 1, "one line, got: {stderr}");
    assert!(lines[0].starts_with("parley: "), "{stderr}");
    assert!(
        lines[0].contains(expected),
        "expected {expected:?} in {stderr}"
    );
}

#[test]
fn help_lists_the_subcommands() {
    let output = parley(&["--help"], &[]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    for command in ["serve", "migrate", "create-admin"] {
        assert!(stdout.contains(command), "{stdout}");
    }
}

#[test]
fn malformed_configuration_is_one_line() {
    let output = parley(&["migrate"], &[("PARLEY_BIND", "not-an-address")]);
    assert_one_clear_line(&output, "invalid socket address syntax for key \"BIND\"");

    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "bind = [unclosed").unwrap();
    let output = parley(&["--config", file.path().to_str().unwrap(), "migrate"], &[]);
    assert_one_clear_line(&output, "invalid configuration");

    let output = parley(&["--config", "/no/such/parley.toml", "migrate"], &[]);
    assert_one_clear_line(&output, "not found");
}

#[test]
fn unknown_keys_in_the_file_are_rejected() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "bnid = \"127.0.0.1:1\"\n").unwrap();
    let output = parley(&["--config", file.path().to_str().unwrap(), "migrate"], &[]);
    assert_one_clear_line(&output, "bnid");
}

#[test]
fn an_unreachable_database_is_one_line() {
    let output = parley(
        &["migrate"],
        &[(
            "PARLEY_DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/parley",
        )],
    );
    assert_one_clear_line(
        &output,
        "cannot connect to the database at postgres://postgres@127.0.0.1:1/parley",
    );
}

#[test]
fn a_port_in_use_is_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let output = parley(&["serve"], &[("PARLEY_BIND", &address)]);
    assert_one_clear_line(&output, &format!("cannot listen on {address}"));
}

#[test]
fn create_admin_validates_and_creates() {
    let data_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_parley"))
            .args(args)
            .env("PARLEY_DATA_DIR", data_dir.path())
            .env("PARLEY_LOG", "error")
            .output()
            .unwrap()
    };
    let bad = run(&[
        "create-admin",
        "--email",
        "nope",
        "--password",
        "long enough",
    ]);
    assert_one_clear_line(&bad, "--email is not a valid email address");
    let short = run(&["create-admin", "--email", "a@b.co", "--password", "short"]);
    assert_one_clear_line(&short, "--password must be at least 8 characters");

    let ok = run(&[
        "create-admin",
        "--email",
        "Boss@Acme.test",
        "--password",
        "long enough",
        "--project",
        "Acme",
    ]);
    assert!(ok.status.success(), "{ok:?}");
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains("boss@acme.test") && stdout.contains("\"Acme\""),
        "{stdout}"
    );

    let twice = run(&[
        "create-admin",
        "--email",
        "boss@acme.test",
        "--password",
        "long enough",
    ]);
    assert_one_clear_line(&twice, "--email is already in use");
}

#[test]
fn serve_prints_the_demo_sign_in_and_stops_cleanly_on_sigterm() {
    let data_dir = tempfile::tempdir().unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .arg("serve")
        .env("PARLEY_DATA_DIR", data_dir.path())
        .env("PARLEY_BIND", format!("127.0.0.1:{port}"))
        .env("PARLEY_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "graceful exit: {output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("admin@demo.parley.chat"), "{stdout}");
    let password = stdout
        .lines()
        .find_map(|line| line.trim().strip_prefix("password"))
        .map(str::trim)
        .unwrap();
    assert!(password.len() >= 12, "{stdout}");
    let remembered = std::fs::read_to_string(data_dir.path().join("demo-admin.txt")).unwrap();
    assert!(remembered.contains(password));
}
