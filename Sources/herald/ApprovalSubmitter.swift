import Foundation
import HeraldCore

/// Drops an `*.approval` file into `incoming/` (atomically, like `herald submit`) and waits for heraldd's answer
/// in `replies/NAME.reply`. The daemon decides who is approving from the file's owner uid, so this runs as the
/// approver; root may name someone else with `--as`.
enum ApprovalSubmitter {
    static func submit(_ request: ApprovalRequest, spool: String, wait: Double) throws {
        if request.actingAs != nil && getuid() != 0 {
            throw CLIError.invalid("--as is for root only; run the command as the approver")
        }
        let paths = SpoolPaths(root: spool)
        let stem = request.postID.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(40)
        let name = "\(stem)-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))\(ApprovalRequest.suffix)"
        _ = try SpoolWriter.write(Array(request.text.utf8), named: name, into: paths.incoming)
        guard wait > 0 else {
            print("submitted \(name); heraldd answers in \(paths.replies)/\(name).reply")
            return
        }
        let reply = (paths.replies as NSString).appendingPathComponent(name + ".reply")
        let deadline = Date().addingTimeInterval(wait)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: reply, encoding: .utf8) {
                let lines = text.split(separator: "\n").map(String.init)
                guard let status = lines.first, status != "refused" else {
                    throw CLIError.invalid("refused: " + lines.dropFirst().joined(separator: "; "))
                }
                for line in lines.dropFirst() { print(line) }
                return
            }
            usleep(50_000)
        }
        throw CLIError.invalid(
            "no answer from heraldd within \(Int(wait)) s; the request \(name) stays in incoming/ "
                + "and is carried out when heraldd reads it")
    }
}
