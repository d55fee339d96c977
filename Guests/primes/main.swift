// primes — counts the primes below N with a sieve of Eratosthenes over odd numbers.
//
// Usage: primes [N=1000000]      (0 <= N <= 100000000)
// Output: the count in decimal and "\n", e.g. `primes 1000000` prints "78498".
// Export: count_primes(n: i32) -> i32 returns the same count without printing
//         (-1 if n is out of range), so a host can call it by name.

let maxN: Int64 = 100_000_000

func guestMain() {
    let n = Guest.integerArgument(1, default: 1_000_000, name: "N")
    if n < 0 || n > maxN {
        Guest.fail("N must be between 0 and 100000000, got ", Guest.decimal(n))
    }
    Guest.writeLine(Guest.decimal(Int64(countPrimes(below: Int(n)))))
}

/// The number of primes p < n (n >= 0). One bit per odd number 3, 5, 7, ... below n.
func countPrimes(below n: Int) -> Int {
    if n <= 2 { return 0 }
    // Bit i stands for the odd number 2i+1 (i >= 1); a set bit means "composite".
    let odds = n / 2 // odd numbers below n: 1, 3, ..., count n/2
    var sieve = [UInt32](repeating: 0, count: (odds + 31) / 32)
    var count = 1 // the prime 2
    sieve.withUnsafeMutableBufferPointer { bits in
        var i = 1
        while i < odds {
            if bits[i >> 5] & (1 << UInt32(i & 31)) == 0 {
                count += 1
                let p = 2 * i + 1
                // Start at p*p (index (p*p-1)/2), step 2p (index step p).
                if p <= (n - 1) / p {
                    var j = (p * p) / 2
                    while j < odds {
                        bits[j >> 5] |= 1 << UInt32(j & 31)
                        j += p
                    }
                }
            }
            i += 1
        }
    }
    return count
}

/// Exported for hosts that call the module as a library: the number of primes below `n`,
/// or -1 if `n` is negative or above 100000000. Does not print.
@_expose(wasm, "count_primes")
@_cdecl("count_primes")
func count_primes(_ n: Int32) -> Int32 {
    if n < 0 || Int64(n) > maxN { return -1 }
    return Int32(countPrimes(below: Int(n)))
}
