/// A UTC date and time from seconds since 1970, computed without a calendar library (Howard Hinnant's days-to-civil
/// algorithm, proleptic Gregorian): the compiler dates RPM changelogs with it, the agent its red-boot records.
public struct CivilTime: Sendable, Equatable {
    /// The year, such as 2026.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 31.
    public let day: Int
    /// Seconds since midnight, 0 to 86,399.
    public let secondOfDay: Int
    /// Days since 1970-01-01 (a Thursday); negative before it.
    public let daysSince1970: Int

    /// The UTC date and time `seconds` after 1970-01-01T00:00:00Z.
    public init(secondsSince1970 seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        secondOfDay = seconds - days * 86_400
        daysSince1970 = days
    }

    /// The weekday, 0 for Sunday to 6 for Saturday.
    public var weekday: Int { ((daysSince1970 + 4) % 7 + 7) % 7 }
}
