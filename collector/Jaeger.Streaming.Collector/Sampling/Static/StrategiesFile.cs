using System.Globalization;
using System.Text.Json;
using Jaeger.Streaming.Collector.Sampling.Strategies;

namespace Jaeger.Streaming.Collector.Sampling.Static;

/// <summary>
/// Parses Jaeger's strategies file (the <c>file</c> strategy store): <c>service_strategies</c>, each with a
/// <c>type</c> (<c>probabilistic</c> or <c>ratelimiting</c>), a <c>param</c> and optional <c>operation_strategies</c>,
/// and a <c>default_strategy</c>. As in Jaeger, the default's operation strategies also apply to every probabilistic
/// service that does not override them. Anything Jaeger would only warn about is an error here, so a typo never
/// silently changes what is sampled.
/// </summary>
internal sealed class StrategiesFile
{
    private readonly Dictionary<string, SamplingStrategy> _services;

    private StrategiesFile(SamplingStrategy fallback, Dictionary<string, SamplingStrategy> services)
    {
        Default = fallback;
        _services = services;
    }

    public SamplingStrategy Default { get; }

    /// <summary>A file with no strategies at all: every service gets a probabilistic <paramref name="probability"/>.</summary>
    public static StrategiesFile Uniform(double probability) => new(SamplingStrategy.Probabilistic(probability), new(StringComparer.Ordinal));

    public SamplingStrategy For(string service) => _services.GetValueOrDefault(service, Default);

    /// <summary>Parses <paramref name="json"/>; <paramref name="defaultProbability"/> is used when it has no <c>default_strategy</c>.</summary>
    /// <exception cref="FormatException">The file is not a valid strategies file; the message says where and why.</exception>
    public static StrategiesFile Parse(ReadOnlySpan<byte> json, double defaultProbability)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the top level must be an object with service_strategies and default_strategy");
            }

            var defaultOperations = new List<OperationProbability>();
            var fallback = SamplingStrategy.Probabilistic(defaultProbability);
            if (root.TryGetProperty("default_strategy", out var defaultElement))
            {
                fallback = Strategy(defaultElement, "default_strategy", [], defaultOperations);
            }

            var services = new Dictionary<string, SamplingStrategy>(StringComparer.Ordinal);
            if (root.TryGetProperty("service_strategies", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException("service_strategies must be an array");
                }

                var index = 0;
                foreach (var element in list.EnumerateArray())
                {
                    var where = $"service_strategies[{index++}]";
                    var service = RequiredString(element, "service", where);
                    if (!services.TryAdd(service, Strategy(element, $"{where} ('{service}')", defaultOperations, [])))
                    {
                        throw new FormatException($"{where}: service '{service}' is listed twice");
                    }
                }
            }

            return new StrategiesFile(fallback, services);
        }
    }

    /// <summary>One strategy; its probabilistic operations go to <paramref name="operationsOut"/> as well.</summary>
    private static SamplingStrategy Strategy(JsonElement element, string where, List<OperationProbability> inherited, List<OperationProbability> operationsOut)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} must be an object with type and param");
        }

        var type = RequiredString(element, "type", where);
        var param = RequiredNumber(element, "param", where);
        if (type == "ratelimiting")
        {
            if (param < 0 || param > int.MaxValue || param != Math.Floor(param))
            {
                throw new FormatException($"{where}: a ratelimiting param is whole traces per second, 0 or more; got {Text(param)}");
            }

            return SamplingStrategy.RateLimiting((int)param);
        }

        if (type != "probabilistic")
        {
            throw new FormatException($"{where}: type '{type}' is not a strategy; use probabilistic or ratelimiting");
        }

        CheckProbability(param, where);
        var operations = Operations(element, where);
        operationsOut.AddRange(operations);
        foreach (var operation in inherited)
        {
            if (!operations.Exists(o => o.Operation == operation.Operation))
            {
                operations.Add(operation);
            }
        }

        return SamplingStrategy.Probabilistic(param, operations.Count == 0 ? null : new OperationSampling(param, 0, operations));
    }

    private static List<OperationProbability> Operations(JsonElement element, string where)
    {
        var operations = new List<OperationProbability>();
        if (!element.TryGetProperty("operation_strategies", out var list))
        {
            return operations;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{where}: operation_strategies must be an array");
        }

        var index = 0;
        foreach (var operation in list.EnumerateArray())
        {
            var at = $"{where}.operation_strategies[{index++}]";
            var name = RequiredString(operation, "operation", at);
            var type = RequiredString(operation, "type", at);
            if (type != "probabilistic")
            {
                throw new FormatException($"{at}: operation '{name}' has type '{type}'; per-operation strategies can only be probabilistic");
            }

            var param = RequiredNumber(operation, "param", at);
            CheckProbability(param, at);
            if (operations.Exists(o => o.Operation == name))
            {
                throw new FormatException($"{at}: operation '{name}' is listed twice");
            }

            operations.Add(new OperationProbability(name, param));
        }

        return operations;
    }

    private static string RequiredString(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"{where}: '{name}' must be a non-empty string");

    private static double RequiredNumber(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new FormatException($"{where}: '{name}' must be a number");

    private static void CheckProbability(double param, string where)
    {
        if (!(param is >= 0 and <= 1))
        {
            throw new FormatException($"{where}: a probabilistic param is a probability from 0 to 1; got {Text(param)}");
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
