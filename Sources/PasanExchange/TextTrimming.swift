extension String {
    /// The text without white space (and line breaks) at either end. Foundation's
    /// `trimmingCharacters(in:)` goes through UTF-16 and dominated the reading of Lao Word
    /// templates; this finds the ends on Unicode scalars and slices once.
    var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return self }
        return String(self[first..<scalars.index(after: last)])
    }
}
