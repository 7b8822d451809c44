//! The `parley` binary as an operator meets it: help, bad input, signals.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Output, Stdio};
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

/// Runs `parley` on one data directory that several commands share.
fn parley_in(data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .env("PARLEY_DATA_DIR", data_dir)
        .env("PARLEY_LOG", "error")
        .output()
        .unwrap()
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
    for command in [
        "serve",
        "migrate",
        "create-admin",
        "create-agent",
        "agent-limit",
        "team",
        "chat-settings",
        "subscription",
    ] {
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
    let run = |args: &[&str]| parley_in(data_dir.path(), args);
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
fn agents_and_chat_settings_from_the_command_line() {
    let data_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| parley_in(data_dir.path(), args);
    let admin = run(&[
        "create-admin",
        "--email",
        "boss@acme.test",
        "--password",
        "long enough",
    ]);
    assert!(admin.status.success(), "{admin:?}");
    let agent = run(&[
        "create-agent",
        "--email",
        "ann@acme.test",
        "--password",
        "long enough",
        "--name",
        "Ann",
    ]);
    assert!(agent.status.success(), "{agent:?}");
    assert!(String::from_utf8_lossy(&agent.stdout).contains("created agent ann@acme.test"));

    let changed = run(&[
        "chat-settings",
        "--soon-secs",
        "3",
        "--overdue-secs",
        "6",
        "--routing",
        "grab",
    ]);
    assert!(changed.status.success(), "{changed:?}");
    let stdout = String::from_utf8_lossy(&changed.stdout);
    assert!(
        stdout
            .contains("soon after 3 s, overdue after 6 s, auto-close after 24 h, default limit 5"),
        "{stdout}"
    );
    let backwards = run(&["chat-settings", "--soon-secs", "60", "--overdue-secs", "30"]);
    assert_one_clear_line(&backwards, "\"soon\" must come before \"overdue\"");
    let mode = run(&["chat-settings", "--routing", "sideways"]);
    assert!(!mode.status.success());

    let limit = run(&["agent-limit", "--email", "Ann@acme.test", "--limit", "3"]);
    assert!(limit.status.success(), "{limit:?}");
    assert!(String::from_utf8_lossy(&limit.stdout).contains("at most 3 conversations"));
    let back = run(&["agent-limit", "--email", "ann@acme.test", "--default"]);
    assert!(String::from_utf8_lossy(&back.stdout).contains("the project's default limit"));
    let too_many = run(&["agent-limit", "--email", "ann@acme.test", "--limit", "500"]);
    assert_one_clear_line(&too_many, "--limit must be between 1 and 100");
    let nobody = run(&["agent-limit", "--email", "nobody@acme.test", "--limit", "2"]);
    assert_one_clear_line(&nobody, "names no account");

    let team = run(&[
        "team",
        "--name",
        "Sales",
        "--routing",
        "grab",
        "--add",
        "ann@acme.test",
    ]);
    assert!(team.status.success(), "{team:?}");
    assert!(String::from_utf8_lossy(&team.stdout).contains("team \"Sales\""));
    let unknown = run(&["team", "--name", "Sales", "--add", "nobody@acme.test"]);
    assert_one_clear_line(&unknown, "names no account");

    // What the commands stored.
    let stored = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let url = format!("sqlite://{}", data_dir.path().join("parley.db").display());
        let db = app::backend::db::Db::connect(&url).await.unwrap();
        let row: (String, i64) = sqlx::query_as(
            "SELECT t.routing_mode, (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id) \
             FROM teams t WHERE t.name = 'Sales'",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
        db.close().await;
        row
    });
    assert_eq!(stored, ("grab".to_owned(), 1));
}

#[test]
fn the_subscription_is_set_from_the_command_line() {
    let data_dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| parley_in(data_dir.path(), args);
    let admin = run(&[
        "create-admin",
        "--email",
        "boss@acme.test",
        "--password",
        "long enough",
    ]);
    assert!(admin.status.success(), "{admin:?}");

    let set = run(&[
        "subscription",
        "--seats",
        "3",
        "--valid-until",
        "2027-01-31",
    ]);
    assert!(set.status.success(), "{set:?}");
    assert!(String::from_utf8_lossy(&set.stdout).contains("3 seats until 2027-01-31"));
    assert_one_clear_line(
        &run(&[
            "subscription",
            "--seats",
            "3",
            "--valid-until",
            "2027-02-30",
        ]),
        "--valid-until must be a date like 2027-01-31",
    );
    assert_one_clear_line(
        &run(&["subscription", "--seats", "0"]),
        "--seats must be between 1 and 10000",
    );

    let stored = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let url = format!("sqlite://{}", data_dir.path().join("parley.db").display());
        let db = app::backend::db::Db::connect(&url).await.unwrap();
        let row: (i64, Option<i64>) =
            sqlx::query_as("SELECT seats, subscription_valid_until FROM projects")
                .fetch_one(db.pool())
                .await
                .unwrap();
        db.close().await;
        row
    });
    // Paid through the whole last day: until 2027-02-01 00:00 UTC.
    assert_eq!(stored, (3, Some(1_801_440_000_000)));
    let open_ended = run(&["subscription", "--seats", "12"]);
    assert!(String::from_utf8_lossy(&open_ended.stdout).contains("12 seats, no end date"));
}

/// Starts `parley serve` on a free port of `data_dir`.
fn spawn_serve(data_dir: &std::path::Path) -> (Child, u16) {
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .arg("serve")
        .env("PARLEY_DATA_DIR", data_dir)
        .env("PARLEY_BIND", format!("127.0.0.1:{port}"))
        .env("PARLEY_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    (child, port)
}

fn send_sigterm(child: &Child) {
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_for_graceful_exit(child: Child) -> Output {
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "graceful exit: {output:?}");
    output
}

#[test]
fn serve_prints_the_demo_sign_in_and_stops_cleanly_on_sigterm() {
    let data_dir = tempfile::tempdir().unwrap();
    let (child, port) = spawn_serve(data_dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    while !answers_healthz(port) {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    send_sigterm(&child);
    let output = wait_for_graceful_exit(child);
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

#[test]
fn sigterm_while_still_starting_stops_cleanly_too() {
    // The first line is printed once the socket is bound, before serving begins: a signal
    // then must not kill the process the default way.
    let data_dir = tempfile::tempdir().unwrap();
    let (mut child, _port) = spawn_serve(data_dir.path());
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    stdout.read_line(&mut printed).unwrap();
    assert!(printed.starts_with("Parley is running"), "{printed}");
    send_sigterm(&child);
    stdout.read_to_string(&mut printed).unwrap();
    wait_for_graceful_exit(child);
    assert!(printed.contains("admin@demo.parley.chat"), "{printed}");
}

fn answers_healthz(port: u16) -> bool {
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request =
        format!("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    stream.read_to_string(&mut answer).is_ok() && answer.starts_with("HTTP/1.1 200")
}
