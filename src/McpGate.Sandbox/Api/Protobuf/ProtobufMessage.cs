namespace McpGate.Sandbox.Api.Protobuf;

/// <summary>
/// The fields of one protobuf message as (number, wire type, value): varints as ulong,
/// length-delimited fields as byte arrays. Enough to read the few Kubernetes kinds the sandbox decodes.
/// </summary>
internal static class ProtobufMessage
{
    public static IReadOnlyList<(int Number, int WireType, object Value)> Parse(ReadOnlySpan<byte> data)
    {
        var fields = new List<(int, int, object)>();
        var position = 0;
        while (position < data.Length)
        {
            var tag = ReadVarint(data, ref position);
            var number = (int)(tag >> 3);
            var wireType = (int)(tag & 7);
            switch (wireType)
            {
                case 0:
                    fields.Add((number, wireType, ReadVarint(data, ref position)));
                    break;
                case 1:
                    fields.Add((number, wireType, BitConverter.ToUInt64(Slice(data, ref position, 8))));
                    break;
                case 2:
                    var length = checked((int)ReadVarint(data, ref position));
                    fields.Add((number, wireType, Slice(data, ref position, length).ToArray()));
                    break;
                case 5:
                    fields.Add((number, wireType, (ulong)BitConverter.ToUInt32(Slice(data, ref position, 4))));
                    break;
                default:
                    throw new FormatException($"unsupported protobuf wire type {wireType}");
            }
        }

        return fields;
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, ref int position, int length)
    {
        if (length < 0 || position + length > data.Length)
        {
            throw new FormatException("truncated protobuf message");
        }

        var slice = data.Slice(position, length);
        position += length;
        return slice;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new FormatException("truncated protobuf varint");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("protobuf varint too long");
    }
}
