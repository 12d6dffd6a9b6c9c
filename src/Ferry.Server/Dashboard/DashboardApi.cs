using Ferry.Core.Reports;
using Ferry.Core.Security;
using Ferry.Management.Api;
using Ferry.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ferry.Server.Dashboard;

/// <summary>
/// The dashboard under <c>/dashboard</c> (docs/dashboard.md): a sign-in page that turns an API key into an HttpOnly,
/// SameSite=Strict cookie, the jobs list and a job's page (HTML shells filled by <c>dashboard.js</c> from the
/// management API), the failed rows and the reports read server-side, and the page's script and style. No CDN, no
/// build step: the two assets are embedded resources.
/// </summary>
public static partial class DashboardApi
{
    public const string SignInPath = "/dashboard/signin";

    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, (byte[] Content, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["dashboard.js"] = (Asset("dashboard.js"), "text/javascript; charset=utf-8"),
        ["dashboard.css"] = (Asset("dashboard.css"), "text/css; charset=utf-8"),
    };

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<DashboardAccessFilter>();
        builder.Services.AddSingleton<DashboardReports>();
        return builder;
    }

    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var dashboard = endpoints.MapGroup("/dashboard").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin"; // not no-referrer: a form POST would then send "Origin: null"
            headers.CacheControl = "no-store";
            return await next(context);
        });

        dashboard.MapGet("/signin", async (HttpRequest request, ApiKeys keys, DashboardSessions sessions, CancellationToken cancellationToken) =>
            keys.AllowAnonymous || await sessions.SessionKeyAsync(request, cancellationToken) is not null
                ? Results.Redirect($"{request.PathBase}/dashboard")
                : Html(DashboardPages.SignIn(request.PathBase, null)));
        dashboard.MapPost("/signin", SignInAsync).DisableAntiforgery();
        dashboard.MapPost("/signout", async (HttpContext context, DashboardSessions sessions, CancellationToken cancellationToken) =>
        {
            await sessions.SignOutAsync(context, cancellationToken);
            return TypedResults.Redirect($"{context.Request.PathBase}{SignInPath}");
        }).DisableAntiforgery();
        dashboard.MapGet("/assets/{name}", (string name, HttpResponse response) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }

            response.Headers.CacheControl = "no-cache";
            return Results.Bytes(asset.Content, asset.ContentType);
        });

        var pages = dashboard.MapGroup("").AddEndpointFilter<DashboardAccessFilter>();
        pages.MapGet("/", (HttpRequest request) => Html(DashboardPages.Jobs(request.PathBase))).WithMetadata(new DashboardPage());
        // One id rule for the API and the dashboard (JobIds): an id is a job's, never a path or a job's part.
        pages.MapGet("/jobs/{id}", (string id, HttpRequest request) =>
            JobIds.Check(id) is { } invalid ? (IResult)ApiProblems.InvalidJobId(invalid) : Html(DashboardPages.Job(request.PathBase, id))).WithMetadata(new DashboardPage());
        pages.MapGet("/jobs/{id}/failed-rows", async Task<IResult> (string id, DashboardReports reports, CancellationToken cancellationToken) =>
            JobIds.Check(id) is { } invalid ? ApiProblems.InvalidJobId(invalid) : Results.Ok(await reports.FailedRowsAsync(id, cancellationToken)));
        pages.MapGet("/jobs/{id}/reports/{name}", async Task<IResult> (string id, string name, DashboardReports reports, CancellationToken cancellationToken) =>
        {
            if (JobIds.Check(id) is { } invalid)
            {
                return ApiProblems.InvalidJobId(invalid);
            }

            if (!ReportNames.All.Contains(name, StringComparer.Ordinal) || await reports.OpenAsync(id, name, cancellationToken) is not { } download)
            {
                return Results.NotFound();
            }

            var contentType = name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "text/csv; charset=utf-8";
            return Results.Stream(download.Content, contentType, fileDownloadName: $"{id}-{name}");
        });
        return dashboard;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, ApiKeys keys, DashboardSessions sessions, KeyFailureLimiter limiter, ILoggerFactory loggers)
    {
        var request = context.Request;
        // A cross-site form cannot sign a browser in with someone else's key.
        if (request.Headers.Origin.FirstOrDefault() is { Length: > 0 } origin && origin != $"{request.Scheme}://{request.Host}")
        {
            return TypedResults.Problem(title: "Forbidden", detail: "Sign in from the dashboard's own page.", statusCode: StatusCodes.Status403Forbidden);
        }

        // Checked before the key, and whatever the key: the answer must not tell a guess right.
        if (limiter.IsLimited(context, out var retryAfter))
        {
            context.Response.Headers.RetryAfter = KeyFailureLimiter.Seconds(retryAfter);
            return Html(
                DashboardPages.SignIn(request.PathBase, $"Too many wrong keys from this address. Try again in {KeyFailureLimiter.Seconds(retryAfter)} s."),
                StatusCodes.Status429TooManyRequests);
        }

        var presented = request.HasFormContentType ? (await request.ReadFormAsync(context.RequestAborted))["key"].FirstOrDefault() : null;
        if (keys.Match(presented) is not { Scope: KeyScope.Api } key)
        {
            limiter.RecordFailure(context);
            LogSignInRefused(loggers.CreateLogger(typeof(DashboardApi).FullName!), context.Connection.RemoteIpAddress?.ToString() ?? "");
            return Html(DashboardPages.SignIn(request.PathBase, "That key is not valid."), StatusCodes.Status401Unauthorized);
        }

        await sessions.SignInAsync(context, key, context.RequestAborted);
        return TypedResults.Redirect($"{request.PathBase}/dashboard");
    }

    private static ContentHttpResult Html(string html, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(html, "text/html; charset=utf-8", statusCode: status);

    private static byte[] Asset(string name)
    {
        using var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream($"Ferry.Server.Dashboard.Assets.{name}")
            ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [LoggerMessage(EventId = 7201, Level = LogLevel.Warning, Message = "Dashboard sign-in refused from {RemoteAddress}: not a valid key")]
    private static partial void LogSignInRefused(ILogger logger, string remoteAddress);
}
