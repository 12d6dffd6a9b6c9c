namespace Ferry.Sandbox.Faults;

/// <summary>
/// What happens to one request. <see cref="AfterProcessing"/> says whether a server error or reset strikes
/// before the operation is applied or after it (the case that makes clients need idempotent creates).
/// </summary>
public readonly record struct FaultPlan(FaultKind Kind, bool AfterProcessing, int StatusCode, bool Slow, TimeSpan Delay);
