using ProjectTracker.Access;
using ProjectTracker.Infrastructure;

namespace ProjectTracker.Directory;

/// <summary>
/// Who may see and change the directory. Only an administrator changes it. Every internal role
/// reads it, because dispatchers choose departments, staff look up colleagues and supervisors
/// check who was responsible. A contact sees their own enterprise and nothing else.
/// </summary>
public static class DirectoryAccess
{
    public const string Changers = Roles.Admin;
    public const string Readers = Roles.Admin + "," + Roles.Supervisor + "," + Roles.Dispatcher + "," + Roles.Staff + "," + Roles.Lead;

    private static readonly string[] ReaderRoles = Readers.Split(',');

    public static bool ReadsAll(Caller caller) => ReaderRoles.Any(caller.Is);
}
