using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Search;

/// <summary>Reads the <c>search</c> and <c>filter</c> query parameters of a list request.</summary>
public static class SearchQuery
{
    public static Outcome<(SearchExpression? Search, SearchExpression? Filter)> Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SearchExpression? search = null;
        SearchExpression? filter = null;
        if (request.Query.TryGetValue("search", out var searchText) && !SearchParser.TryParse(searchText.ToString(), out search))
        {
            return OktaErrors.InvalidSearch;
        }

        if (request.Query.TryGetValue("filter", out var filterText) && !SearchParser.TryParse(filterText.ToString(), out filter))
        {
            return OktaErrors.InvalidSearch;
        }

        return (search, filter);
    }
}
