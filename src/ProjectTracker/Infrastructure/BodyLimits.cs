using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace ProjectTracker.Infrastructure;

/// <summary>
/// How large a request body may be, per endpoint: <see cref="Json"/> unless the endpoint states
/// its own with [RequestSizeLimit] (the imports). A larger body is refused with 413 ProblemDetails
/// (ApiErrors) before it is read into memory: at once when its Content-Length says so, else as
/// soon as reading passes the limit (Kestrel's own limit, or a counting stream where the server has none).
/// </summary>
public static class BodyLimits
{
    /// <summary>A JSON command: the largest (a dispatch of 20 tasks with 4,000-character instructions) stays well under it.</summary>
    public const long Json = 512 * 1024;

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Json;
        if (http.Request.ContentLength > limit) throw TooLarge(limit);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body) body.MaxRequestBodySize = limit;
        else http.Request.Body = new Limited(http.Request.Body, limit);
        return next(http);
    });

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than this endpoint takes ({limit:N0} bytes).", StatusCodes.Status413PayloadTooLarge);

    private sealed class Limited(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n) => (_read += n) > limit ? throw TooLarge(limit) : n;
    }
}
