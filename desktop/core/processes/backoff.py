"""When to restart a crashed process: exponential backoff, a stability reset, a give-up rule.

Pure and clock-free: callers pass the times in, so the policy is tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.i18n import translate


@dataclass(frozen=True)
class BackoffPolicy:
    """``initial * factor**n`` seconds, capped at ``max_delay``.

    A run that lasted ``stable_after`` seconds forgets earlier crashes; more than
    ``max_crashes`` crashes within ``window`` seconds means giving up.
    """

    initial: float = 1.0
    factor: float = 2.0
    max_delay: float = 60.0
    stable_after: float = 30.0
    max_crashes: int = 5
    window: float = 300.0

    def __post_init__(self) -> None:
        if self.initial < 0 or self.max_delay < 0 or self.factor < 1:
            raise ValueError("backoff needs initial ≥ 0, max_delay ≥ 0 and factor ≥ 1")
        if self.max_crashes < 1 or self.window <= 0:
            raise ValueError("backoff needs max_crashes ≥ 1 and a positive window")

    def delay(self, attempt: int) -> float:
        """The wait before restart number ``attempt`` (0-based)."""
        # Cap the exponent too: factor**attempt overflows a float after ~1000 attempts.
        exponent = min(attempt, 64)
        return float(min(self.initial * self.factor**exponent, self.max_delay))


@dataclass(frozen=True)
class RestartDecision:
    """``delay`` seconds until the restart, or None when the supervisor gives up."""

    delay: float | None
    reason: str

    @property
    def gave_up(self) -> bool:
        return self.delay is None


@dataclass
class RestartTracker:
    """The crash history of one process under a policy."""

    policy: BackoffPolicy = field(default_factory=BackoffPolicy)
    attempt: int = 0
    crash_times: list[float] = field(default_factory=list)

    def reset(self) -> None:
        """Forget the history (the user started the process by hand)."""
        self.attempt = 0
        self.crash_times.clear()

    def record_crash(self, now: float, ran_for: float) -> RestartDecision:
        """Note a crash at monotonic time ``now`` after ``ran_for`` seconds of running."""
        policy = self.policy
        if ran_for >= policy.stable_after:
            self.reset()
        self.crash_times = [t for t in self.crash_times if now - t < policy.window]
        self.crash_times.append(now)
        crashes = len(self.crash_times)
        if crashes > policy.max_crashes:
            reason = translate(
                "RestartTracker",
                "crashed %n times within {0} s; not restarting again",
                None,
                crashes,
            ).format(f"{policy.window:g}")
            return RestartDecision(None, reason)
        delay = policy.delay(self.attempt)
        self.attempt += 1
        reason = translate("RestartTracker", "restarting in {0} s (attempt {1})").format(
            f"{delay:g}", self.attempt
        )
        return RestartDecision(delay, reason)
