import Foundation
import Testing
import StewardCore

@Suite struct BetaPosteriorTests {
    @Test("each outcome label moves the prior by its documented weight", arguments: [
        (OutcomeLabel.executionSucceeded, 2.0, 1.0),
        (.executionFailed, 1.0, 2.0),
        (.ideaRejected, 1.0, 2.0),
        (.ideaEdited, 1.5, 1.5),
        (.noResponse, 1.0, 1.5),
        (.negativeResponse, 1.0, 2.0),
    ])
    func update(label: OutcomeLabel, alpha: Double, beta: Double) {
        let posterior = BetaPosterior.prior.updated(with: label)
        #expect(posterior == BetaPosterior(alpha: alpha, beta: beta))
        #expect(posterior.samples == alpha + beta - 2)
    }

    @Test func everyLabelHasAWeight() {
        // A new label added to the taxonomy must be given a weight that moves the posterior.
        for label in OutcomeLabel.allCases {
            #expect(BetaPosterior.prior.updated(with: label).samples > 0, "\(label)")
        }
    }

    @Test func priorMoments() {
        let prior = BetaPosterior.prior
        #expect(prior.mean == 0.5)
        #expect(abs(prior.variance - 1.0 / 12) < 1e-12)
        #expect(prior.samples == 0)
    }

    @Test func momentsOfAnInformedPosterior() {
        let posterior = BetaPosterior(alpha: 91, beta: 11)
        #expect(abs(posterior.mean - 91.0 / 102) < 1e-12)
        #expect(abs(posterior.variance - 91.0 * 11 / (102 * 102 * 103)) < 1e-12)
        #expect(posterior.samples == 100)
    }

    @Test func priorNinetyPercentInterval() {
        // 0.5 ± z(0.95) · sqrt(1/12) = 0.5 ± 1.644854 × 0.288675.
        let interval = BetaPosterior.prior.credibleInterval()
        #expect(abs(interval.lowerBound - 0.025164) < 1e-5)
        #expect(abs(interval.upperBound - 0.974836) < 1e-5)
    }

    @Test("the half-width is z times the standard deviation", arguments: [
        (0.9, 1.644854), (0.95, 1.959964), (0.99, 2.575829), (0.5, 0.674490),
    ])
    func halfWidth(level: Double, z: Double) {
        let posterior = BetaPosterior(alpha: 50, beta: 50)
        let interval = posterior.credibleInterval(level: level)
        let sd = posterior.variance.squareRoot()
        #expect(abs((interval.upperBound - posterior.mean) / sd - z) < 1e-5)
        #expect(abs((posterior.mean - interval.lowerBound) / sd - z) < 1e-5)
    }

    @Test func intervalContainsTheMeanAndNarrowsWithSamples() {
        let posteriors = [1.0, 10, 100, 1000].map { n in BetaPosterior(alpha: 1 + 0.7 * n, beta: 1 + 0.3 * n) }
        var lastWidth = 2.0
        for posterior in posteriors {
            let interval = posterior.credibleInterval(level: 0.9)
            #expect(interval.contains(posterior.mean))
            let width = interval.upperBound - interval.lowerBound
            #expect(width < lastWidth, "\(posterior)")
            lastWidth = width
        }
        #expect(lastWidth < 0.05)
    }

    @Test func intervalIsClampedToUnitRange() {
        let interval = BetaPosterior(alpha: 1, beta: 100).credibleInterval(level: 0.9)
        #expect(interval.lowerBound == 0)
        #expect(interval.upperBound > 0.0099)
        #expect(BetaPosterior(alpha: 100, beta: 1).credibleInterval(level: 0.9).upperBound == 1)
    }

    @Test func degenerateLevels() {
        let posterior = BetaPosterior(alpha: 3, beta: 5)
        #expect(posterior.credibleInterval(level: 0) == posterior.mean...posterior.mean)
        #expect(posterior.credibleInterval(level: 1) == 0...1)
    }

    @Test("observed success of one action from its labels", arguments: [
        ([OutcomeLabel](), nil as Double?),
        ([.ideaEdited], nil),
        ([.executionSucceeded], 1),
        ([.ideaEdited, .executionSucceeded], 1),
        ([.executionSucceeded, .noResponse], 0.5),
        ([.executionSucceeded, .negativeResponse], 0),
        ([.executionSucceeded, .noResponse, .negativeResponse], 0),
        ([.ideaRejected], 0),
        ([.executionFailed], 0),
        ([.ideaEdited, .executionFailed], 0),
    ])
    func successValue(labels: [OutcomeLabel], expected: Double?) {
        #expect(BetaPosterior.successValue(of: labels) == expected)
    }

    @Test func codableRoundTrip() throws {
        let posterior = BetaPosterior(alpha: 3.5, beta: 2)
        let data = try JSONEncoder().encode(posterior)
        #expect(try JSONDecoder().decode(BetaPosterior.self, from: data) == posterior)
    }
}
