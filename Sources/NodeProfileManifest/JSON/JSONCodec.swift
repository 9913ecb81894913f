/// JSON for the agent's files without Foundation: `Codable` values to and from bytes. Reads what JSONDecoder reads
/// (strict RFC 8259) with the same `DecodingError`s, and writes what JSONEncoder writes with `[.prettyPrinted,
/// .sortedKeys, .withoutEscapingSlashes]`, byte for byte. Foundation would cost the static agent 7.5 MB.
public enum JSONCodec {
    /// Decodes a `T` from a JSON document. A document that is not JSON is `DecodingError.dataCorrupted` with an
    /// empty coding path, as JSONDecoder reports it.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [], debugDescription: "The given data was not valid JSON.",
                    underlyingError: error))
        }
        return try JSONValueDecoder(value: value, codingPath: []).decode(type)
    }

    /// The pretty-printed JSON of `value` with sorted keys, without a final newline.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        JSONWriter.write(try JSONValueEncoder.encode(value))
    }

    /// The JSON text of a value already in tree form.
    public static func encode(_ value: JSONValue) -> [UInt8] { JSONWriter.write(value) }
}
