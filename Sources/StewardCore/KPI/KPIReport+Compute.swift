extension KPIReport {
    /// The report of `window` from raw incident, signal and allocation records; records outside the
    /// window are ignored, so callers may pass more than the window holds.
    ///
    /// An escalation counts when the incident was handed to a person
    /// (``IncidentSummary/escalationTime``), even if a person or the agent's recovery closed it
    /// later. Bandit lift compares resolved incidents the bandit chose for against resolved
    /// incidents of the same class that ran its `defaultPlaybook` without the bandit; other
    /// incidents are in neither group.
    public static func compute(
        window: KPIWindow, incidents: [IncidentSummary], signals: [SignalSample], allocations: [AllocationSample],
        alignmentTarget: Double
    ) -> KPIReport {
        var tally = SignalTally(window: window)
        for signal in signals { tally.add(signal) }
        return compute(window: window, incidents: incidents, signals: tally, allocations: allocations, alignmentTarget: alignmentTarget)
    }

    /// The report of `window` with its signals already folded over the same window (``SignalTally``).
    public static func compute(
        window: KPIWindow, incidents: [IncidentSummary], signals: SignalTally, allocations: [AllocationSample],
        alignmentTarget: Double
    ) -> KPIReport {
        let closed = incidents.filter { incident in
            incident.outcome != .open && incident.closedAt.map(window.contains) == true
        }
        let resolved = closed.filter(\.outcome.isResolved)
        let autoResolved = closed.count(where: { $0.outcome == .autoResolved })

        var durationsByClass: [String: [Double]] = [:]
        for incident in resolved {
            durationsByClass[incident.classification, default: []].append(incident.minutesToClose ?? 0)
        }
        let conflictDurations = closed.filter { $0.classification == Classification.conflict.rawValue }
            .compactMap(\.minutesToClose)
        let escalations = incidents.count(where: { $0.escalationTime.map(window.contains) == true })
        let weeks = window.days / 7

        let banditLift = Self.banditLift(resolved)

        let alignmentMean = signals.alignmentMean
        let allocationsInWindow = allocations.filter { window.contains($0.ts) }
        let slots = allocationsInWindow.reduce(0) { $0 + $1.slots }
        let slotsInUse = allocationsInWindow.reduce(0) { $0 + $1.slotsInUse }

        return KPIReport(
            window: window,
            incidents: incidents.count(where: { window.contains($0.openedAt) }),
            autoResolveRate: ratio(autoResolved, closed.count),
            mttrMinutesByClass: durationsByClass.compactMapValues(mean),
            conflictHalfLifeMinutes: median(conflictDurations),
            escalationsPerWeek: weeks > 0 ? Double(escalations) / weeks : nil,
            costPerAutoResolvedIncidentUsd: autoResolved > 0
                ? closed.reduce(0) { $0 + $1.costUsd } / Double(autoResolved) : nil,
            alignment: AlignmentKPI(
                mean: alignmentMean, target: alignmentTarget, held: alignmentMean.map { $0 >= alignmentTarget },
                driftFromTarget: alignmentMean.map { $0 - alignmentTarget }),
            directivesPerHourByAgent: signals.directivesPerHour,
            autoscalingEfficiency: slots > 0 ? Double(slotsInUse) / Double(slots) : nil,
            staleData: StaleDataKPI(
                incidents: incidents.count(where: { $0.staleData && window.contains($0.openedAt) }),
                meanTimeToFreshnessMinutes: mean(resolved.filter(\.staleData).compactMap(\.minutesToClose))),
            banditLift: banditLift,
            hitlRate: ratio(closed.count(where: \.neededPerson), closed.count),
            signals: SignalCoverageKPI(counted: signals.counted, complete: signals.complete))
    }

    /// Bandit lift, class against class: in each class with both bandit-chosen and fixed-default
    /// resolved incidents (relapses, chosen around the fixes that did not hold, are neither), the two MTTRs; the classes are weighted by their bandit incidents, so a
    /// bandit working the quick classes is not credited against a default working the slow ones.
    static func banditLift(_ resolved: [IncidentSummary]) -> BanditLiftKPI {
        var bandit: [String: [Double]] = [:], fixed: [String: [Double]] = [:]
        for incident in resolved {
            guard let minutes = incident.minutesToClose else { continue }
            if incident.chosenByBandit {
                bandit[incident.classification, default: []].append(minutes)
            } else if !incident.relapse && incident.playbook != nil && incident.playbook == incident.defaultPlaybook {
                fixed[incident.classification, default: []].append(minutes)
            }
        }
        var weight = 0.0, banditSum = 0.0, fixedSum = 0.0
        for (classification, times) in bandit {
            guard let theirs = mean(fixed[classification] ?? []), let ours = mean(times) else { continue }
            let n = Double(times.count)
            weight += n
            banditSum += n * ours
            fixedSum += n * theirs
        }
        guard weight > 0 else {
            return BanditLiftKPI(banditMttrMinutes: mean(bandit.values.flatMap { $0 }), defaultMttrMinutes: nil, lift: nil)
        }
        let ours = banditSum / weight, theirs = fixedSum / weight
        return BanditLiftKPI(banditMttrMinutes: ours, defaultMttrMinutes: theirs, lift: theirs > 0 ? (theirs - ours) / theirs : nil)
    }

    /// part ÷ whole; nil when whole is 0.
    private static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    /// The arithmetic mean; nil for no values.
    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The middle value, or the mean of the two middle ones; nil for no values.
    private static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
