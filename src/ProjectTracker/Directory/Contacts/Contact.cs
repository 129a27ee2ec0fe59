namespace ProjectTracker.Directory.Contacts;

public sealed record ContactRegistered(Guid ContactId, Guid EnterpriseId, string Name, string? Phone, Guid By, DateTimeOffset At);
public sealed record ContactChanged(Guid ContactId, string Name, string? Phone, bool Active, Guid By, DateTimeOffset At);

/// <summary>An enterprise contact (企业联系人): files and follows requests for one enterprise.</summary>
public sealed class Contact
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid EnterpriseId { get; set; }
    public string Name { get; set; } = "";
    public string? Phone { get; set; }
    public bool Active { get; set; } = true;

    public static Contact Create(ContactRegistered e) => new() { Id = e.ContactId, EnterpriseId = e.EnterpriseId, Name = e.Name, Phone = e.Phone };
    public void Apply(ContactChanged e) { Name = e.Name; Phone = e.Phone; Active = e.Active; }
}
