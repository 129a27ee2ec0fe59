using Microsoft.AspNetCore.Mvc;
using ProjectTracker.Access;

namespace ProjectTracker.WebConsole.Pages;

/// <summary>The console's home: each user goes to the page of their work (a supervisor's queue, the dispatch desk, their tasks).</summary>
public sealed class IndexModel : ConsolePage
{
    public override string TitleKey => "index";

    public IActionResult OnGet()
    {
        var page = Has(Roles.Supervisor) || Has(Roles.Admin) ? "escalations" : Has(Roles.Dispatcher) ? "dispatch" : Has(Roles.Staff) || Has(Roles.Lead) ? "tasks" : null;
        if (page is not null) return Redirect($"/console/{page}");
        Notice = ("error", T("forbidden"));
        return Page();
    }
}
