// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.Client.Protocol;

/// <summary>The response body layout (docs/protocol.md "Body"); field order is the wire contract.</summary>
internal static class ResponseBody
{
    public static void Write(WireWriter w, WireResponse a)
    {
        w.U16((ushort)a.Code);
        w.Str(a.Message);
        w.Bytes(a.Value);
        WriteMeta(w, a.Meta);
        w.U64(a.Ticket);
        w.U64(a.Count);
        w.U32((uint)a.Items.Count);
        foreach (BulkResult item in a.Items)
        {
            w.U16((ushort)item.Code);
            w.Bytes(item.Value);
            w.U64(item.Version);
        }
        w.U32((uint)a.Namespaces.Count);
        foreach (NamespaceInfo ns in a.Namespaces)
        {
            w.U32(ns.Id);
            w.Str(ns.Name);
            w.U64(ns.Objects);
            w.U64(ns.Bytes);
        }
        w.U32((uint)a.Keys.Count);
        foreach (KeyInfo key in a.Keys)
        {
            RequestBody.WriteKey(w, key.Key);
            w.Str(key.KeyName);
        }
        w.Str(a.Cursor);
        w.Fields(a.Fields);
    }

    public static WireResponse Read(ref WireReader r)
    {
        var a = new WireResponse { Code = ReadCode(ref r), Message = r.Str(), Value = r.Bytes() };
        a.Meta = ReadMeta(ref r);
        a.Ticket = r.U64();
        a.Count = r.U64();
        int n = r.Count(1);
        for (int i = 0; i < n; ++i)
        {
            ResultCode code = ReadCode(ref r);
            byte[] value = r.Bytes();
            a.Items.Add(new BulkResult(code, value, r.U64()));
        }
        n = r.Count(1);
        for (int i = 0; i < n; ++i)
        {
            uint id = r.U32();
            string name = r.Str();
            ulong objects = r.U64();
            a.Namespaces.Add(new NamespaceInfo(id, name, objects, r.U64()));
        }
        n = r.Count(1);
        for (int i = 0; i < n; ++i)
        {
            byte[] key = r.Raw(32);
            a.Keys.Add(new KeyInfo(key, r.Str()));
        }
        a.Cursor = r.Str();
        a.Fields = r.Fields();
        return a;
    }

    private static ResultCode ReadCode(ref WireReader r)
    {
        ushort v = r.U16();
        return v <= (ushort)ResultCodes.Max ? (ResultCode)v : throw new ProtocolException($"bad status code value {v}");
    }

    private static void WriteMeta(WireWriter w, ObjectMetadata m)
    {
        w.U64(m.Version);
        w.I64(m.CreatedMs);
        w.I64(m.UpdatedMs);
        w.U32(m.TimeoutSeconds);
        w.U8((byte)m.TimeoutType);
        w.U8((byte)m.Priority);
        w.Bool(m.Locked);
        w.U64(m.Size);
        w.Str(m.KeyName);
        w.Str(m.ContentType);
        RequestBody.WriteIds(w, m.Parents);
        w.Strings(m.Indexes);
    }

    private static ObjectMetadata ReadMeta(ref WireReader r)
    {
        var m = new ObjectMetadata { Version = r.U64(), CreatedMs = r.I64(), UpdatedMs = r.I64() };
        m.TimeoutSeconds = r.U32();
        m.TimeoutType = (TimeoutType)r.Enum(2, "timeout type");
        m.Priority = (Priority)r.Enum(1, "priority");
        m.Locked = r.Bool("locked");
        m.Size = r.U64();
        m.KeyName = r.Str();
        m.ContentType = r.Str();
        m.Parents = RequestBody.ReadIds(ref r);
        m.Indexes = r.Strings();
        return m;
    }
}
