using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Ui;

/// <summary>One static file of the UI, held in memory with its strong validator.</summary>
internal sealed record UiAsset(byte[] Content, string ContentType, string ETag);

/// <summary>
/// The UI's files, embedded in this assembly under <c>ui/</c> and read once. Asset URLs carry a version derived from
/// the content of every file, so browsers may cache them forever and still see a new build at once.
/// </summary>
internal sealed class UiAssets
{
    public const string ResourcePrefix = "ui/";
    private const string IndexName = "index.html";
    private const string VersionPlaceholder = "__UI_VERSION__";
    private const string BasePathPlaceholder = "__BASE_PATH__";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, UiAsset> _files;

    public UiAssets(IOptions<QueryOptions> options)
    {
        var assembly = typeof(UiAssets).Assembly;
        var raw = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                raw[resource[ResourcePrefix.Length..]] = buffer.ToArray();
            }
        }

        if (!raw.TryGetValue(IndexName, out var index))
        {
            throw new InvalidOperationException($"The query assembly holds no embedded '{ResourcePrefix}{IndexName}'; the UI resources were not built in.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in raw)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(content);
        }

        Version = Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        var page = Encoding.UTF8.GetString(index)
            .Replace(VersionPlaceholder, Version, StringComparison.Ordinal)
            .Replace(BasePathPlaceholder, WebUtility.HtmlEncode(options.Value.BasePath), StringComparison.Ordinal);
        Index = Asset(IndexName, Encoding.UTF8.GetBytes(page));
        _files = raw.Where(file => file.Key != IndexName)
            .ToFrozenDictionary(file => file.Key, file => Asset(file.Key, file.Value), StringComparer.Ordinal);
    }

    /// <summary>The version segment of asset URLs: <c>/static/{Version}/app.js</c>.</summary>
    public string Version { get; }

    /// <summary>
    /// The page every UI route answers with; its asset URLs carry <see cref="Version"/>, and its links and the
    /// scripts' requests <c>Query:BasePath</c> (the page's <c>data-base-path</c>).
    /// </summary>
    public UiAsset Index { get; }

    public UiAsset? Find(string name) => _files.GetValueOrDefault(name);

    private static UiAsset Asset(string name, byte[] content)
    {
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        return new UiAsset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
    }
}
