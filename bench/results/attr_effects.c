// SPDX-License-Identifier: GPL-2.0
/* results.json's "attr_effects"; see attr_effects.h. */
#include "results/attr_effects.h"

#include <string.h>

#include "core/names.h"

static const char *const mmap_names[AE_MMAP_COUNT] = {
	[AE_MMAP_NOT_TRIED] = "not_tried",
	[AE_MMAP_MAPPED] = "mapped",
	[AE_MMAP_REFUSED] = "refused",
	[AE_MMAP_FAILED] = "failed",
};

const char *attr_mmap_name(enum attr_mmap m)
{
	return (unsigned int)m < AE_MMAP_COUNT ? mmap_names[m] : "not_tried";
}

/* ["write_combine", ...]: every bit named, an unknown one as "unknown". */
static json_t *attrs_json(uint32_t attrs)
{
	json_t *a = json_array();

	for (unsigned int b = 0; a && b < 32; b++) {
		const char *name;

		if (!(attrs & (1U << b)))
			continue;
		name = (1U << b) == ATTR_UNKNOWN ? NULL : name_of(&attr_names, b);
		json_array_append_new(a, json_string(name ? name : "unknown"));
	}
	return a;
}

static json_t *name_or_null(const struct name_table *t, int v)
{
	const char *name = v >= 0 ? name_of(t, (unsigned int)v) : NULL;

	return name ? json_string(name) : json_null();
}

json_t *attr_effect_json(const struct attr_effect *e)
{
	json_t *o = json_pack("{s:s, s:o, s:I, s:b, s:s}",
			      "kind", e->kind ? e->kind : "?", "attrs", attrs_json(e->attrs),
			      "size", (json_int_t)e->size, "reference", e->reference,
			      "mmap", attr_mmap_name(e->mmap));

	if (!o)
		return NULL;
	json_object_set_new(o, "kmap", e->probed ? name_or_null(&kmap_names, e->kmap) :
			    json_null());
	json_object_set_new(o, "phys_chunks", e->probed ? json_integer(e->phys_chunks) :
			    json_null());
	json_object_set_new(o, "dma_segments", e->probed ? json_integer(e->dma_segments) :
			    json_null());
	json_object_set_new(o, "user_prot", e->probed ?
			    name_or_null(&user_prot_names, e->user_prot) : json_null());
	if (e->error)
		json_object_set_new(o, "error", json_string(e->error));
	return o;
}

/* A name of @t back to its value; -1 for null or a name this build does not know. */
static int value_of(const struct name_table *t, json_t *v)
{
	unsigned int x;

	return json_is_string(v) && name_parse(t, json_string_value(v), &x) ? (int)x : -1;
}

/* The entry's "attrs" list as bits (names read back by attr_bit()). */
static uint32_t attrs_of(json_t *list)
{
	uint32_t attrs = 0;
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		attrs |= attr_bit(json_string_value(v));
	return attrs;
}

static bool read_effect(json_t *o, struct attr_effect *e)
{
	json_t *size = json_object_get(o, "size");
	json_t *chunks = json_object_get(o, "phys_chunks");
	json_t *segs = json_object_get(o, "dma_segments");
	unsigned int m;

	if (!json_is_object(o) || !json_is_string(json_object_get(o, "kind")))
		return false;
	memset(e, 0, sizeof(*e));
	e->kind = json_string_value(json_object_get(o, "kind"));
	e->attrs = attrs_of(json_object_get(o, "attrs"));
	e->size = json_is_integer(size) && json_integer_value(size) > 0 ?
		  (uint64_t)json_integer_value(size) : 0;
	e->reference = json_is_true(json_object_get(o, "reference"));
	e->kmap = value_of(&kmap_names, json_object_get(o, "kmap"));
	e->user_prot = value_of(&user_prot_names, json_object_get(o, "user_prot"));
	e->probed = json_is_integer(chunks) && json_is_integer(segs);
	e->phys_chunks = e->probed && json_integer_value(chunks) > 0 ?
			 (uint32_t)json_integer_value(chunks) : 0;
	e->dma_segments = e->probed && json_integer_value(segs) > 0 ?
			  (uint32_t)json_integer_value(segs) : 0;
	e->mmap = AE_MMAP_NOT_TRIED;
	for (m = 0; m < AE_MMAP_COUNT; m++)
		if (!strcmp(json_string_value(json_object_get(o, "mmap")) ?
			    json_string_value(json_object_get(o, "mmap")) : "", mmap_names[m]))
			e->mmap = (enum attr_mmap)m;
	e->error = json_string_value(json_object_get(o, "error"));
	return true;
}

size_t rd_attr_effects(const struct rd_run *run, struct attr_effect *out, size_t max)
{
	json_t *list = json_object_get(run->doc, "attr_effects");
	size_t n = 0, i;
	json_t *o;

	json_array_foreach(list, i, o)
		if (n < max && read_effect(o, &out[n]))
			n++;
	return n;
}

const struct attr_effect *attr_effect_find(const struct attr_effect *e, size_t n,
					   const char *kind, uint32_t attrs)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].kind && kind && !strcmp(e[i].kind, kind) && e[i].attrs == attrs)
			return &e[i];
	return NULL;
}
