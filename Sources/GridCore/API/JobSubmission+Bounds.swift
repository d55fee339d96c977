extension JobSubmission {
    /// What the coordinator accepts for a submission's numbers, so that clients can check them
    /// before sending.
    public enum Bounds {
        /// Replicas per task.
        public static let replicas: ClosedRange<Int> = 1...16
        /// Seconds until unfinished tasks expire (30 days at most).
        public static let deadlineSeconds: ClosedRange<Int> = 1...2_592_000
    }
}
