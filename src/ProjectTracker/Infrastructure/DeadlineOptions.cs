namespace ProjectTracker.Infrastructure;

public sealed class DeadlineOptions
{
}
