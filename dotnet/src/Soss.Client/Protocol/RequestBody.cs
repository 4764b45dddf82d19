// Copyright (c) 2026 the soss authors
// SPDX-License-Identifier: Apache-2.0
namespace Soss.Client.Protocol;

/// <summary>The request body layout (docs/protocol.md "Body"); field order is the wire contract.</summary>
internal static class RequestBody
{
    public static void Write(WireWriter w, WireRequest q)
    {
        WriteId(w, q.Ns, q.Key);
        w.Str(q.NsName);
        w.Str(q.KeyName);
        w.Bytes(q.Value.Span);
        w.Str(q.ContentType);
        w.U32(q.TimeoutSeconds);
        w.U8((byte)q.TimeoutType);
        w.U8((byte)q.Priority);
        WriteIds(w, q.Parents);
        w.Strings(q.Indexes);
        w.U64(q.Version);
        w.U64(q.Ticket);
        w.U32(q.WaitMs);
        w.Bool(q.LockAfter);
        w.U32((uint)q.Items.Count);
        foreach (BulkItem item in q.Items)
        {
            WriteKey(w, item.Key);
            w.Str(item.KeyName);
            w.Bytes(item.Value.Span);
        }
        w.Str(q.Cursor);
        w.U32(q.Limit);
        w.Fields(q.Fields);
    }

    public static WireRequest Read(ref WireReader r)
    {
        var q = new WireRequest { Ns = r.U32(), Key = r.Raw(32) };
        q.NsName = r.Str();
        q.KeyName = r.Str();
        q.Value = r.Bytes();
        q.ContentType = r.Str();
        q.TimeoutSeconds = r.U32();
        q.TimeoutType = (TimeoutType)r.Enum(2, "timeout type");
        q.Priority = (Priority)r.Enum(1, "priority");
        q.Parents = ReadIds(ref r);
        q.Indexes = r.Strings();
        q.Version = r.U64();
        q.Ticket = r.U64();
        q.WaitMs = r.U32();
        q.LockAfter = r.Bool("lock_after");
        int n = r.Count(1);
        for (int i = 0; i < n; ++i)
        {
            byte[] key = r.Raw(32);
            string name = r.Str();
            q.Items.Add(new BulkItem(key, name, r.Bytes()));
        }
        q.Cursor = r.Str();
        q.Limit = r.U32();
        q.Fields = r.Fields();
        return q;
    }

    public static void WriteKey(WireWriter w, byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("a key is exactly 32 bytes", nameof(key));
        }
        w.Raw(key);
    }

    public static void WriteId(WireWriter w, uint ns, byte[] key)
    {
        w.U32(ns);
        WriteKey(w, key);
    }

    public static void WriteIds(WireWriter w, List<ObjectId> ids)
    {
        w.U32((uint)ids.Count);
        foreach (ObjectId id in ids)
        {
            WriteId(w, id.Ns, id.Key);
        }
    }

    public static List<ObjectId> ReadIds(ref WireReader r)
    {
        int n = r.Count(1);
        var ids = new List<ObjectId>(Math.Min(n, 1024));
        for (int i = 0; i < n; ++i)
        {
            uint ns = r.U32();
            ids.Add(new ObjectId(ns, r.Raw(32)));
        }
        return ids;
    }
}
