namespace ProjectTracker.Directory.Enterprises;

public sealed record EnterpriseRegistered(Guid EnterpriseId, string Name, string CreditCode, bool IsKey, Guid? SecretaryId,
    string? Industry, string? Address, Guid By, DateTimeOffset At);
public sealed record EnterpriseChanged(Guid EnterpriseId, string Name, bool IsKey, string? Industry, string? Address, Guid By, DateTimeOffset At);
/// <summary>The zone assigns a secretary (秘书) to each key enterprise; they see and dispatch its requests first.</summary>
public sealed record SecretaryAssigned(Guid EnterpriseId, Guid? SecretaryId, Guid By, DateTimeOffset At);

/// <summary>An enterprise in the zone, rebuilt from its stream (inline snapshot doubles as the read model).</summary>
public sealed class Enterprise
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string CreditCode { get; set; } = "";
    public bool IsKey { get; set; }
    public Guid? SecretaryId { get; set; }
    public string? Industry { get; set; }
    public string? Address { get; set; }

    public static Enterprise Create(EnterpriseRegistered e) => new()
    {
        Id = e.EnterpriseId, Name = e.Name, CreditCode = e.CreditCode, IsKey = e.IsKey,
        SecretaryId = e.SecretaryId, Industry = e.Industry, Address = e.Address,
    };

    public void Apply(EnterpriseChanged e) { Name = e.Name; IsKey = e.IsKey; Industry = e.Industry; Address = e.Address; }
    public void Apply(SecretaryAssigned e) => SecretaryId = e.SecretaryId;
}
