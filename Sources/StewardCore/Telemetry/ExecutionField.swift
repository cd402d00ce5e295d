extension SkillExecution {
    /// The fields on the wire, in the order of ``fieldNames``: a record read into slots
    /// (``JSONSlots``) is indexed by them.
    public enum Field: Int, CaseIterable, Sendable {
        case executionID, skillName, skillVersion, orchestratorVersion, timestampStart, timestampEnd, operatorName, environment
        case executionSucceeded, executionFailed, errorCategory, errorCode, errorReason, totalLatencyMs, wallClockTimeMs
        case tokensUsed, tokensInput, tokensOutput, costUSD, costTier, costSource, provider, model
        case freeTierQuotaUsedToday, freeTierQuotaRemaining, freeTierQuotaPctUsed, outputCorrect, confidenceScore, decisionMade
        case inputHash, outputHash, skillPathInDAG, skillFingerprint, routingStrategy

        /// Its name on the wire.
        public var name: String { SkillExecution.fieldNames[rawValue] }
    }

    /// ``fieldNames`` as a table, for reading records straight into slots.
    public static let fieldTable = JSONSlotNames(fieldNames)
}
