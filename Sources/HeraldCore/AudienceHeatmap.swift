import Foundation

/// The week as `herald audience` draws it: 7 days × 24 hours in the account's local time, each cell the mean reach
/// of a status published in that hour (normalised to the week's best hour = 1), with the planned posts marked.
///
/// Cells are computed from the same `ReachModel` the planner maximises, so the picture shows what the planner sees;
/// the week is a real calendar week (Monday 00:00 local onwards), so a DST change inside it shows as it happens.
/// Hours holding one of the quarter hours in which the account's own statuses did best are marked too.
public struct AudienceHeatmap: Sendable, Equatable {
    /// A day (0 = Monday) and an hour (0…23) of the local week.
    public struct Cell: Sendable, Hashable {
        public var day: Int
        public var hour: Int

        public init(day: Int, hour: Int) {
            self.day = day
            self.hour = hour
        }
    }

    /// `values[day][hour]`, 0…1.
    public var values: [[Double]]
    /// Planned posts per cell.
    public var marks: [Cell: Int]
    /// Cells holding a quarter hour in which the account's statuses performed best (``BestQuarter``).
    public var best: Set<Cell> = []
    /// The local date of the week's Monday, for the title.
    public var monday: LocalDateTime
    public var zone: TimeZone

    /// The heatmap of the local week that contains `now`, with `planned` instants marked (those outside the week
    /// are ignored).
    public static func week(
        containing now: Date, model: ReachModel, zone: TimeZone, planned: [Date] = [], best: [BestQuarter] = []
    ) -> AudienceHeatmap {
        let monday = mondayMidnight(containing: now, zone: zone)
        var values = [[Double]](repeating: [Double](repeating: 0, count: 24), count: 7)
        for day in 0..<7 {
            for hour in 0..<24 {
                var sum = 0.0
                for quarter in 0..<4 {
                    let wall = monday.secondsAsIfUTC + Int64(day * 86_400 + hour * 3600 + quarter * 900)
                    sum += model.reach(at: zone.date(forWallSeconds: wall))
                }
                values[day][hour] = sum / 4
            }
        }
        let peak = values.joined().max() ?? 0
        if peak > 0 { values = values.map { $0.map { $0 / peak } } }
        var marks: [Cell: Int] = [:]
        for instant in planned {
            let local = zone.localDateTime(for: instant)
            let days = Int((local.secondsAsIfUTC - monday.secondsAsIfUTC).quotientAndRemainder(dividingBy: 86_400)
                .quotient)
            guard (0..<7).contains(days), local.secondsAsIfUTC >= monday.secondsAsIfUTC else { continue }
            marks[Cell(day: days, hour: local.hour), default: 0] += 1
        }
        let cells = best.map { Cell(day: $0.quarter / ActivityCurve.quartersPerDay,
                                    hour: $0.quarter % ActivityCurve.quartersPerDay / 4) }
        return AudienceHeatmap(values: values, marks: marks, best: Set(cells), monday: monday, zone: zone)
    }

    /// Monday 00:00 (local) of the week containing `now`.
    static func mondayMidnight(containing now: Date, zone: TimeZone) -> LocalDateTime {
        let local = zone.localDateTime(for: now)
        let midnight = (local.secondsAsIfUTC).quotientAndRemainder(dividingBy: 86_400).quotient * 86_400
        // 1970-01-01 was a Thursday: days since then, shifted so that Monday is 0.
        let weekday = Int(((midnight / 86_400) % 7 + 7 + 3) % 7)
        return LocalDateTime(secondsAsIfUTC: midnight - Int64(weekday) * 86_400)!
    }

    // MARK: - Terminal

    /// Shades from light to dark for terminals without colour.
    static let blocks: [Character] = [" ", "░", "▒", "▓", "█"]

    /// Rows = hours, columns = days, two characters per cell; planned posts as `●` (several: their count), hours in
    /// which the account's statuses did best as `★` (a planned post's mark wins).
    /// With `color`, cells are ANSI 256-colour backgrounds from pale yellow to deep red; without it, shade blocks.
    public func renderTerminal(color: Bool) -> String {
        let title = "Audience week of \(Self.date(monday)) (\(zone.identifier)); darker = more reach"
            + (marks.isEmpty ? "" : ", ● = planned post") + (best.isEmpty ? "" : ", ★ = performed best")
        var lines = [title, "       " + ActivityCurve.dayNames.map { $0 + " " }.joined()]
        for hour in 0..<24 {
            var line = (hour < 10 ? "0" : "") + "\(hour):00  "
            for day in 0..<7 {
                let value = values[day][hour]
                let cell = Cell(day: day, hour: hour)
                let planned = marks[cell].map { $0 == 1 ? "●" : String(min($0, 9)) }
                let mark = planned ?? (best.contains(cell) ? "★" : nil)
                if color {
                    let shade = Self.palette[min(Self.palette.count - 1, Int(value * Double(Self.palette.count)))]
                    line += "\u{1B}[48;5;\(shade)m" + (mark.map { " \($0) " } ?? "   ") + "\u{1B}[0m "
                } else {
                    let block = Self.blocks[min(Self.blocks.count - 1, Int(value * Double(Self.blocks.count)))]
                    line += mark.map { " \($0)  " } ?? String(repeating: block, count: 3) + " "
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// xterm-256 colours from pale yellow to deep red.
    static let palette = [230, 229, 228, 227, 221, 215, 209, 203, 197, 161, 125]

    // MARK: - SVG

    /// The same picture as a standalone SVG document.
    public func renderSVG() -> String {
        let cell = 22.0
        let left = 52.0
        let top = 48.0
        let width = left + cell * 7 + 12
        let height = top + cell * 24 + 12
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
            <title>Audience week of \(Self.date(monday)) (\(Self.escape(zone.identifier)))</title>
            <text x="\(Int(left))" y="16" font-size="13">Audience week of \(Self.date(monday)) \
            (\(Self.escape(zone.identifier)))</text>

            """
        for (day, name) in ActivityCurve.dayNames.enumerated() {
            svg += "<text x=\"\(left + cell * Double(day) + cell / 2)\" y=\"\(top - 8)\" text-anchor=\"middle\">"
                + "\(name)</text>\n"
        }
        for hour in 0..<24 {
            let y = top + cell * Double(hour)
            svg += "<text x=\"\(left - 6)\" y=\"\(y + cell * 0.7)\" text-anchor=\"end\">"
                + "\(hour < 10 ? "0" : "")\(hour):00</text>\n"
            for day in 0..<7 {
                let x = left + cell * Double(day)
                let value = values[day][hour]
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 1)\" height=\"\(cell - 1)\" "
                    + "fill=\"\(Self.hex(value))\"><title>\(ActivityCurve.dayNames[day]) "
                    + "\(hour < 10 ? "0" : "")\(hour):00 reach \(Int((value * 100).rounded()))%</title></rect>\n"
                if best.contains(Cell(day: day, hour: hour)) {
                    svg += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 3)\" height=\"\(cell - 3)\" "
                        + "fill=\"none\" stroke=\"#1a7f37\" stroke-width=\"2\"><title>performed best</title></rect>\n"
                }
                if let count = marks[Cell(day: day, hour: hour)] {
                    svg += "<circle cx=\"\(x + cell / 2 - 0.5)\" cy=\"\(y + cell / 2 - 0.5)\" r=\"5\" "
                        + "fill=\"#1f3b73\"><title>\(count) planned</title></circle>\n"
                }
            }
        }
        return svg + "</svg>\n"
    }

    /// Pale yellow (#fff7bc) to deep red (#b10026), linear in the value.
    static func hex(_ value: Double) -> String {
        let low = (255.0, 247.0, 188.0)
        let high = (177.0, 0.0, 38.0)
        let t = max(0, min(1, value))
        let channels = [low.0 + (high.0 - low.0) * t, low.1 + (high.1 - low.1) * t, low.2 + (high.2 - low.2) * t]
        return "#" + channels.map { channel in
            let text = String(Int(channel.rounded()), radix: 16)
            return text.count == 1 ? "0" + text : text
        }.joined()
    }

    static func date(_ local: LocalDateTime) -> String {
        String(local.description.prefix(10))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
