import Foundation
import Glibc

/// Runs a reference program (python3, openssl, pgbench) or this binary as a child process, for the
/// rows whose reference lives outside this process.
///
/// Spawned with `posix_spawn` and reaped with `waitpid` rather than Foundation's `Process`, whose
/// `waitUntilExit` was seen to wait forever for a script that starts a server (PostgreSQL's
/// `pg_ctl`) and exits.
enum ChildProgram {
    /// Runs `arguments` through `/usr/bin/env` (or `executable` when given) and returns its standard
    /// output as text, trimmed; throws when it exits non-zero. Standard error is discarded.
    static func run(_ arguments: [String], executable: String = "/usr/bin/env") throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "custody-bench-child-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        ).path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard status == 0 else { throw BenchError("cannot start \(executable): error \(status)") }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
        guard exit == 0 else { throw BenchError("\(arguments.first ?? executable) exited with status \(exit)") }
        let data = FileManager.default.contents(atPath: output) ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
