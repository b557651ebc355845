import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Python interpreter that runs the fake network servers (`Tests/Support/fakes/`): `HERALD_TEST_PYTHON` when
/// set (make test sets it to `.build/test-venv/bin/python3`), else `.build/test-venv/bin/python3` under the package
/// root. `make test-deps` creates that virtual environment from `Tests/Support/fakes/requirements.txt`.
///
/// There is no fallback to whatever `python3` is on the PATH: a missing interpreter is a failure that says how to
/// get one, never a reason to skip.
public enum TestPython {
    /// The environment variable that names the interpreter.
    public static let environmentVariable = "HERALD_TEST_PYTHON"

    /// The virtual environment's interpreter, relative to the package root.
    public static let venvPython = ".build/test-venv/bin/python3"

    /// The interpreter's path. Throws ``FakeServerError/missingDependency(_:)``, saying what to do, when there is
    /// none or it does not run Python 3.
    public static func path() async throws -> String {
        try await located.value.get().path
    }

    /// Where the interpreter came from, and what to do when it lacks a module.
    struct Interpreter: Sendable {
        var path: String
        /// `HERALD_TEST_PYTHON=PATH` or the path itself, for messages.
        var origin: String
        /// How to give it what `Tests/Support/fakes/requirements.txt` lists.
        var remedy: String
    }

    /// Found and tried once per test process. A task, so the dozens of tests that start fakes at once wait for it
    /// without blocking a cooperative thread (a `static let` computed in place would hold them all in its
    /// initialization while Python starts, and starve the in-process daemons of other tests).
    static let located = Task<Result<Interpreter, FakeServerError>, Never> {
        do throws(FakeServerError) {
            let interpreter = try locate(ProcessInfo.processInfo.environment[environmentVariable])
            try await check(interpreter)
            return .success(interpreter)
        } catch {
            return .failure(error)
        }
    }

    static func locate(_ variable: String?) throws(FakeServerError) -> Interpreter {
        if let variable, !variable.isEmpty {
            let interpreter = Interpreter(
                path: variable, origin: "\(environmentVariable)=\(variable)",
                remedy: "point it at a python3 that has Tests/Support/fakes/requirements.txt installed, or unset it "
                    + "to use \(venvPython) (`make test-deps`)")
            guard FileManager.default.isExecutableFile(atPath: variable) else {
                throw .missingDependency("\(interpreter.origin) not found or not executable: \(interpreter.remedy)")
            }
            return interpreter
        }
        guard let root = TestSupportFiles.packageRoot else {
            throw .missingDependency("no package root (Package.swift and Tests/Support) above \(#filePath): "
                + "set \(environmentVariable) to a python3 that has Tests/Support/fakes/requirements.txt")
        }
        let path = root.appendingPathComponent(venvPython).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw .missingDependency("\(path) not found: run `make test-deps` (make test does)")
        }
        return Interpreter(path: path, origin: path, remedy: "run `make test-deps` (make test does)")
    }

    /// Asks the interpreter for its major version: anything but `3` means it is not a working python3.
    static func check(_ interpreter: Interpreter) async throws(FakeServerError) {
        let answer: String
        let status: ExitStatus?
        do {
            let output = try Pipe2()
            let pid = try Spawner.spawn(interpreter.path, ["-c", "import sys; print(sys.version_info[0])"],
                                        stdout: .fd(output.write))
            close(output.write)
            let said = LineCollector(reading: output.read, echoPrefix: nil)
            let deadline = Date().addingTimeInterval(30)
            var ended = Spawner.poll(pid)
            while ended == nil || !said.finished, Date() < deadline {
                try? await Task.sleep(for: .milliseconds(5))
                if ended == nil { ended = Spawner.poll(pid) }
            }
            if ended == nil { Spawner.killAndReap(pid) }
            answer = said.lines.joined(separator: "\n")
            status = ended
        } catch {
            throw .missingDependency("\(interpreter.origin) cannot be started (\(error)): \(interpreter.remedy)")
        }
        let said = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == .exited(0), said == "3" else {
            throw .missingDependency("\(interpreter.origin) is not a working python3 (asked for its major version, "
                + "it \(status?.description ?? "did not finish") and said "
                + (said.isEmpty ? "nothing" : said.debugDescription) + "): \(interpreter.remedy)")
        }
    }
}
