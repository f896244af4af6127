namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// One edge of the service map: spans of <paramref name="Child"/> whose parent span belongs to <paramref name="Parent"/>.
/// </summary>
/// <param name="Parent">The service of the parent span.</param>
/// <param name="Child">The service of the child span; never equal to <paramref name="Parent"/>.</param>
/// <param name="CallCount">How many child spans had a parent span in the parent service.</param>
/// <param name="ErrorCount">How many of those child spans have status <c>STATUS_CODE_ERROR</c>.</param>
public sealed record ServiceDependency(string Parent, string Child, long CallCount, long ErrorCount);
