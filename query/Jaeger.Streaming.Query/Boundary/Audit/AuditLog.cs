using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Audit;

/// <summary>
/// The audit sink: JSON lines appended to <see cref="AuditOptions.Path"/>, each flushed before the next request's line
/// so a crash loses at most the line being written. Others may read the file while it is written.
/// </summary>
internal sealed class AuditLog : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly FileStream? _file;

    public AuditLog(IOptions<AuditOptions> options)
    {
        _file = options.Value.Enabled ? Open(options.Value.Path) : null;
    }

    public static FileStream Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    public async Task WriteAsync(AuditRecord record)
    {
        if (_file is null)
        {
            return;
        }

        var line = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        await _writing.WaitAsync();
        try
        {
            await _file.WriteAsync(line);
            _file.WriteByte((byte)'\n');
            await _file.FlushAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

        _writing.Dispose();
    }
}
