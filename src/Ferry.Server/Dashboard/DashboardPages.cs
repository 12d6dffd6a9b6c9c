using System.Text;
using System.Text.Encodings.Web;
using Ferry.Core.Reports;

namespace Ferry.Server.Dashboard;

/// <summary>
/// The dashboard's HTML: small server-rendered shells that <c>dashboard.js</c> fills from the management API. Only
/// encoded values from the request (the job id) go into a page, never a key or a token.
/// </summary>
public static class DashboardPages
{
    public static string SignIn(string pathBase, string? error) => Layout(pathBase, "Sign in", "signin", signedIn: false, $"""
        <h1>Sign in to Ferry</h1>
        <form method="post" action="{Attr(pathBase)}/dashboard/signin" class="signin">
          <label for="key">API key (one of <code>Ferry:Api:Keys</code>)</label>
          <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
          <button type="submit">Sign in</button>
          {(error is null ? "" : $"<p id=\"signin-error\" class=\"error\" role=\"alert\">{Html(error)}</p>")}
        </form>
        """);

    public static string Jobs(string pathBase) => Layout(pathBase, "Jobs", "jobs", signedIn: true, """
        <h1>Jobs</h1>
        <p id="jobs-state" class="muted">Loading…</p>
        <table id="jobs">
          <thead><tr><th>Job</th><th>Status</th><th>Target</th><th>Rows</th><th>Progress</th><th>Started</th><th>Duration</th></tr></thead>
          <tbody></tbody>
        </table>
        """);

    public static string Job(string pathBase, string id)
    {
        var reports = new StringBuilder();
        foreach (var name in ReportNames.All)
        {
            reports.Append(CultureInfo($"<li><a class=\"report\" href=\"{Attr(pathBase)}/dashboard/jobs/{Attr(Uri.EscapeDataString(id))}/reports/{name}\" download>{name}</a></li>"));
        }

        return Layout(pathBase, id, "job", signedIn: true, $"""
            <p><a href="{Attr(pathBase)}/dashboard">← Jobs</a></p>
            <h1 id="job-id" data-job-id="{Attr(id)}">{Html(id)}</h1>
            <p class="facts">File <span id="job-file">…</span> · target <span id="job-target">…</span> · status <strong id="job-status">…</strong> · phase <span id="job-phase">…</span></p>
            <p id="job-reason" class="muted" hidden></p>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"><div id="progress-bar" class="bar"></div></div>
            <p id="progress-text">…</p>
            <dl class="figures">
              <div><dt>Rows per minute</dt><dd id="rate">–</dd></div>
              <div><dt>ETA</dt><dd id="eta">–</dd></div>
              <div><dt>Succeeded</dt><dd id="rows-succeeded">–</dd></div>
              <div><dt>Failed</dt><dd id="rows-failed">–</dd></div>
              <div><dt>Invalid</dt><dd id="rows-invalid">–</dd></div>
            </dl>
            <section id="actions" class="actions">
              <button type="button" data-action="approve" hidden>Approve</button>
              <button type="button" data-action="suspend" hidden>Suspend</button>
              <button type="button" data-action="resume" hidden>Resume</button>
              <button type="button" data-action="terminate" class="danger" hidden>Terminate</button>
              <button type="button" data-action="rerun-failed" hidden>Rerun failed rows</button>
              <button type="button" data-action="undo" class="danger" hidden>Undo</button>
              <span id="action-result" role="status"></span>
            </section>
            <section>
              <h2>Rows per minute</h2>
              <svg id="rate-chart" class="chart" viewBox="0 0 600 160" role="img" aria-label="Rows per minute over time"></svg>
              <p class="legend"><span class="key now"></span>between polls <span class="key avg"></span>average of the rows phase</p>
            </section>
            <section>
              <h2>Rate limits</h2>
              <p class="muted">Polled every 2 s while this page is open; kept in this browser only. Each bucket is shared by every job and node on the org.</p>
              <div id="buckets"><p class="muted" id="buckets-empty">No rate-limit figures yet.</p></div>
            </section>
            <section class="outcomes">
              <h2>Outcomes</h2>
              <p id="outcomes-state" class="muted">No report yet.</p>
              <div class="pair">
                <table id="outcomes-actions"><thead><tr><th>Action</th><th>Rows</th></tr></thead><tbody></tbody></table>
                <table id="outcomes-errors"><thead><tr><th>Error code</th><th>Rows</th></tr></thead><tbody></tbody></table>
              </div>
            </section>
            <section>
              <h2>Failed rows</h2>
              <p id="failed-state" class="muted">No report yet.</p>
              <table id="failed-rows">
                <thead><tr><th>Line</th><th>Row</th><th>Login</th><th>Email</th><th>Action</th><th>Error code</th><th>Reason</th></tr></thead>
                <tbody></tbody>
              </table>
            </section>
            <section>
              <h2>Reports</h2>
              <ul class="reports">{reports}</ul>
            </section>
            """);
    }

    private static string Layout(string pathBase, string title, string page, bool signedIn, string main) => $"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{Html(title)} · Ferry</title>
          <link rel="stylesheet" href="{Attr(pathBase)}/dashboard/assets/dashboard.css">
        </head>
        <body data-page="{page}" data-base="{Attr(pathBase)}">
          <header>
            <a class="brand" href="{Attr(pathBase)}/dashboard">Ferry</a>
            {(signedIn ? $"<form method=\"post\" action=\"{Attr(pathBase)}/dashboard/signout\"><button type=\"submit\" id=\"signout\">Sign out</button></form>" : "")}
          </header>
          <main>
        {main}
          </main>
          <script src="{Attr(pathBase)}/dashboard/assets/dashboard.js"></script>
        </body>
        </html>
        """;

    private static string Html(string value) => HtmlEncoder.Default.Encode(value);

    private static string Attr(string value) => HtmlEncoder.Default.Encode(value);

    private static string CultureInfo(FormattableString value) => FormattableString.Invariant(value);
}
