using ProjectTracker.Projects.Approvals;

namespace ProjectTracker.Projects.Approvals
{
    public enum ProcedureState { NotApplied, Applied, AcceptedPendingDocuments, Approved }

    public sealed record DueChange(DateOnly From, DateOnly To, string Reason, DateTimeOffset At);

    /// <summary>One procedure of a project's checklist, as its events left it.</summary>
    public sealed class ProcedureItem
    {
        public Guid Id { get; set; }
        public string Kind { get; set; } = "";
        public Guid DepartmentId { get; set; }
        public List<Guid> Prerequisites { get; set; } = [];
        public int StandardWorkingDays { get; set; }
        public DateOnly Due { get; set; }
        public List<DueChange> DueChanges { get; set; } = [];
        public ProcedureState State { get; set; }
        public string[] PendingDocuments { get; set; } = [];
        public DateOnly? DocumentsPromisedBy { get; set; }
        /// <summary>References handed in for pending documents, latest last (a document given again is corrected).</summary>
        public List<SubmittedDocument> SubmittedDocuments { get; set; } = [];
        public string? LastRejection { get; set; }
        public DateTimeOffset? ApprovedAt { get; set; }
        /// <summary>Dues whose passing already raised an escalation (each at most once).</summary>
        public List<DateOnly> EscalatedDues { get; set; } = [];
        /// <summary>Promised dates (容缺受理) whose lapse already raised an escalation (each at most once).</summary>
        public List<DateOnly> LapsedPromises { get; set; } = [];
        public List<Guid> EscalationIds { get; set; } = [];

        public bool Open => State != ProcedureState.Approved;

        /// <summary>The pending documents not yet handed in (by name).</summary>
        public string[] DocumentsStillPending() => [.. PendingDocuments.Where(p => SubmittedDocuments.All(d => d.Name != p))];
    }
}

namespace ProjectTracker.Projects
{
    // The checklist's half of the project aggregate: kept here so the approvals slice reads in one folder.
    public sealed partial class Project
    {
        /// <summary>Pre-construction procedures (前期手续), in the order they were added.</summary>
        public List<ProcedureItem> Checklist { get; set; } = [];

        public ProcedureItem? Procedure(Guid itemId) => Checklist.FirstOrDefault(i => i.Id == itemId);

        public void Apply(ProcedureAdded e) => Checklist.Add(new ProcedureItem
        {
            Id = e.ItemId, Kind = e.Kind, DepartmentId = e.DepartmentId, Prerequisites = [.. e.Prerequisites],
            StandardWorkingDays = e.StandardWorkingDays, Due = e.Due,
        });

        public void Apply(ProcedureRescheduled e)
        {
            var item = Procedure(e.ItemId)!;
            item.DueChanges.Add(new DueChange(e.From, e.To, e.Reason, e.At));
            item.Due = e.To;
        }

        public void Apply(ProcedureDeadlinePassed e)
        {
            var item = Procedure(e.ItemId)!;
            item.EscalatedDues.Add(e.Due); item.EscalationIds.Add(e.EscalationId);
        }

        public void Apply(ProcedureDocumentsPromiseLapsed e)
        {
            var item = Procedure(e.ItemId)!;
            item.LapsedPromises.Add(e.PromisedBy); item.EscalationIds.Add(e.EscalationId);
        }

        public void Apply(ProcedurePrerequisitesChanged e) => Procedure(e.ItemId)!.Prerequisites = [.. e.Prerequisites];
        public void Apply(ProcedureApplied e) => Procedure(e.ItemId)!.State = ProcedureState.Applied;

        public void Apply(ProcedureAcceptedPendingDocuments e)
        {
            var item = Procedure(e.ItemId)!;
            item.State = ProcedureState.AcceptedPendingDocuments; item.PendingDocuments = e.PendingDocuments; item.DocumentsPromisedBy = e.PromisedBy;
            item.SubmittedDocuments = [];
        }

        public void Apply(PendingDocumentsSubmitted e) => Procedure(e.ItemId)!.SubmittedDocuments.AddRange(e.Documents);

        public void Apply(ProcedureApproved e)
        {
            var item = Procedure(e.ItemId)!;
            item.State = ProcedureState.Approved; item.ApprovedAt = e.At;
        }

        public void Apply(ProcedureRejected e)
        {
            var item = Procedure(e.ItemId)!;
            item.State = ProcedureState.NotApplied; item.LastRejection = e.Reason; item.PendingDocuments = []; item.DocumentsPromisedBy = null;
        }
    }
}
