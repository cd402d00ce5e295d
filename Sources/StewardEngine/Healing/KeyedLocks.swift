/// Runs work for one key at a time in this process (one incident's events in order), while
/// different keys proceed concurrently. Row versions still guard against other replicas.
actor KeyedLocks {
    private var busy: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    func run<T: Sendable>(_ key: String, _ body: @Sendable () async -> T) async -> T {
        await acquire(key)
        let result = await body()
        release(key)
        return result
    }

    private func acquire(_ key: String) async {
        if !busy.contains(key) {
            busy.insert(key)
            return
        }
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    private func release(_ key: String) {
        if var queue = waiters[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[key] = queue.isEmpty ? nil : queue
            next.resume()  // the key stays busy: ownership passes to the waiter
        } else {
            busy.remove(key)
        }
    }
}
