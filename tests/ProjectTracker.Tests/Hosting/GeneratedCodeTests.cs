using JasperFx.RuntimeCompiler;
using ProjectTracker.Tests.Fixtures;

namespace ProjectTracker.Tests.Hosting;

/// <summary>
/// Wolverine generates each handler and endpoint at first use: an endpoint no test calls could
/// still fail to generate (a 500 in production). Compile them all up front.
/// </summary>
public class GeneratedCodeTests(Api api) : IClassFixture<Api>
{
    [Fact]
    public void every_handler_and_endpoint_compiles() => api.Host.AssertAllGeneratedCodeCanCompile();
}
