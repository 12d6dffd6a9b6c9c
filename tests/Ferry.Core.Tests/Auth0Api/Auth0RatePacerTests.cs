using Ferry.Core.Auth0Api;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Core.Tests.Auth0Api;

/// <summary>The Auth0 pacer's arithmetic on a fake clock, against a token bucket of 10 refilled at 5 a second.</summary>
public sealed class Auth0RatePacerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BeforeAnyAnswer_CallsGoAtOnce()
    {
        var pacer = new Auth0RatePacer(new FakeTimeProvider(Start));

        Assert.All(Enumerable.Range(0, 20), _ => Assert.True(pacer.TryTake(out TimeSpan _)));
    }

    [Fact]
    public void TheRate_IsLearnedFromTheHeaders_NeverAboveTheTrueRate_EvenWithTheResetRoundedToWholeSeconds()
    {
        var time = new FakeTimeProvider(Start.AddMilliseconds(700));
        var bucket = new Bucket(time, size: 10, perSecond: 5);
        var pacer = new Auth0RatePacer(time);

        for (var i = 0; i < 40; i++)
        {
            while (!pacer.TryTake(out var wait))
            {
                time.Advance(wait);
            }

            var (limit, remaining, reset, _) = bucket.Take();
            pacer.Observe(limit, remaining, reset);
            time.Advance(TimeSpan.FromMilliseconds(37));
        }

        Assert.InRange(pacer.PerSecond!.Value, 3.0, 5.0);
    }

    [Fact]
    public void AnswersThatTakeLong_DoNotMakeTheRateLookFaster()
    {
        var time = new FakeTimeProvider(Start.AddMilliseconds(700));
        var bucket = new Bucket(time, size: 10, perSecond: 5);
        var pacer = new Auth0RatePacer(time);

        for (var round = 0; round < 20; round++)
        {
            // Eight calls go together; their answers are held on their way 1.5 s, as the sandbox's faults do.
            var sent = time.GetUtcNow();
            var answers = Enumerable.Range(0, 8).Select(_ => bucket.Take()).ToList();
            time.Advance(TimeSpan.FromSeconds(1.5));
            foreach (var (limit, remaining, reset, _) in answers)
            {
                pacer.Observe(limit, remaining, reset, sentAt: sent);
            }

            time.Advance(TimeSpan.FromMilliseconds(130));
        }

        Assert.InRange(pacer.PerSecond!.Value, 1.0, 5.0);
    }

    [Fact]
    public void ManyCallersAtOnce_TakeTheBurst_ThenAreSpreadAtTheRate_SoNoneIsRefused()
    {
        var time = new FakeTimeProvider(Start.AddMilliseconds(450));
        var bucket = new Bucket(time, size: 10, perSecond: 5);
        var pacer = new Auth0RatePacer(time);
        var left = 0;
        for (var i = 0; i < 3; i++) // three answers have taught the bucket and its rate
        {
            Assert.True(pacer.TryTake(out TimeSpan _));
            var answer = bucket.Take();
            pacer.Observe(answer.Limit, answer.Remaining, answer.Reset);
            left = answer.Remaining;
        }

        // 60 callers ask together; one that is told to wait asks again after the wait; a call sent is answered at once.
        var due = new PriorityQueue<int, DateTimeOffset>();
        var started = time.GetUtcNow();
        for (var caller = 0; caller < 60; caller++)
        {
            due.Enqueue(caller, started);
        }

        var sends = new List<DateTimeOffset>();
        var refused = 0;
        while (due.TryDequeue(out var caller, out var at))
        {
            time.Advance(at - time.GetUtcNow());
            if (!pacer.TryTake(out var wait))
            {
                due.Enqueue(caller, time.GetUtcNow() + wait);
                continue;
            }

            sends.Add(time.GetUtcNow());
            var answer = bucket.Take();
            refused += answer.Allowed ? 0 : 1;
            pacer.Observe(answer.Limit, answer.Remaining, answer.Reset, refused: !answer.Allowed);
        }

        Assert.Equal(0, refused);
        Assert.Equal(left, sends.Count(s => s == started)); // the tokens left went at once
        var seconds = (sends.Max() - sends.Min()).TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine($"{60 - left} calls after the burst took {seconds:0.00} s");
        Assert.InRange(seconds, (60 - left) / 5.0, (60 - left) / 4.0); // the others at 5 a second at most, and near it
    }

    [Fact]
    public void WhatTheTenantSaysIsLeft_CapsTheCount_WhenOtherAppsSpendTheBucket()
    {
        var time = new FakeTimeProvider(Start);
        var pacer = new Auth0RatePacer(time);
        pacer.Observe(10, 9, Start.AddSeconds(1));

        pacer.Observe(10, 0, Start.AddSeconds(2)); // another app took the rest

        Assert.False(pacer.TryTake(out var wait));
        Assert.True(wait > TimeSpan.Zero);
    }

    [Fact]
    public void AnswersWithoutTheHeaders_TeachNothing()
    {
        var pacer = new Auth0RatePacer(new FakeTimeProvider(Start));

        pacer.Observe(null, 0, null);
        pacer.Observe(10, null, Start);

        Assert.Null(pacer.PerSecond);
        Assert.True(pacer.TryTake(out _));
    }

    /// <summary>Auth0's bucket as the sandbox plays it: reset is when it is full again, in whole seconds (floored).</summary>
    private sealed class Bucket(TimeProvider time, int size, double perSecond)
    {
        private double _tokens = size;
        private DateTimeOffset _at = time.GetUtcNow();

        public (int Limit, int Remaining, DateTimeOffset Reset, bool Allowed) Take()
        {
            var now = time.GetUtcNow();
            _tokens = Math.Min(size, _tokens + ((now - _at).TotalSeconds * perSecond));
            _at = now;
            var allowed = _tokens >= 1;
            if (allowed)
            {
                _tokens -= 1;
            }

            var full = now + TimeSpan.FromSeconds((size - _tokens) / perSecond);
            return (size, (int)Math.Floor(_tokens), DateTimeOffset.FromUnixTimeSeconds(full.ToUnixTimeSeconds()), allowed);
        }
    }
}
