import Foundation
import NodeProfileManifest
import NodeProfileTestSupport
import Testing

/// The one civil-date computation the compiler's changelog and the agent's red-boot records share, held to GNU date.
@Suite("Civil time without a calendar library")
struct CivilTimeTests {
    @Test(
        "dates, times and weekdays match `date -u`, before and after 1970, across leap days and centuries",
        arguments: [
            0, -1, -86_400, 946_684_800, 951_782_399, 951_868_800, 1_709_164_800, 4_107_542_399, -2_208_988_800,
            1_796_032_689, 2_147_483_647,
        ])
    func matchesDate(_ seconds: Int) throws {
        let date = try Tool.run("date", ["-u", "-d", "@\(seconds)", "+%Y-%m-%d %H:%M:%S %w"])
        try #require(date.status == 0, "date: \(date.stderr)")
        let civil = CivilTime(secondsSince1970: seconds)
        let time = civil.secondOfDay
        let ours = String(
            format: "%04d-%02d-%02d %02d:%02d:%02d %d", civil.year, civil.month, civil.day, time / 3600,
            time % 3600 / 60, time % 60, civil.weekday)
        #expect(ours + "\n" == date.stdout)
    }
}
