// SPDX-License-Identifier: GPL-2.0
#include "core/topology.h"

#include <errno.h>
#include <hwloc.h>
#include <stdio.h>
#include <stdlib.h>

struct topology {
	hwloc_topology_t topo;
};

struct topology *topology_load(void)
{
	return topology_load_xml(NULL);
}

struct topology *topology_load_xml(const char *xml)
{
	struct topology *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (hwloc_topology_init(&t->topo) < 0)
		goto fail;
	if (xml && hwloc_topology_set_xml(t->topo, xml) < 0) {
		hwloc_topology_destroy(t->topo);
		goto fail;
	}
	/* PCI devices are needed to find the CPUs near the DMA device. */
	hwloc_topology_set_io_types_filter(t->topo, HWLOC_TYPE_FILTER_KEEP_IMPORTANT);
	if (hwloc_topology_load(t->topo) < 0) {
		hwloc_topology_destroy(t->topo);
		goto fail;
	}
	return t;
fail:
	free(t);
	return NULL;
}

void topology_free(struct topology *t)
{
	if (!t)
		return;
	hwloc_topology_destroy(t->topo);
	free(t);
}

int topology_pin_cpu(struct topology *t, int cpu)
{
	hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(t->topo, (unsigned int)cpu);

	if (!pu)
		return -EINVAL;
	if (hwloc_set_cpubind(t->topo, pu->cpuset, HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT) < 0)
		return errno ? -errno : -EINVAL;
	return 0;
}

static int first_cpu(hwloc_const_cpuset_t set)
{
	return set && !hwloc_bitmap_iszero(set) ? hwloc_bitmap_first(set) : -1;
}

int topology_cpu_near(struct topology *t, const char *busid, int node)
{
	hwloc_obj_t obj;

	if (busid) {
		obj = hwloc_get_pcidev_by_busidstring(t->topo, busid);
		obj = obj ? hwloc_get_non_io_ancestor_obj(t->topo, obj) : NULL;
		return obj ? first_cpu(obj->cpuset) : -1;
	}
	obj = hwloc_get_numanode_obj_by_os_index(t->topo, (unsigned int)node);
	return obj ? first_cpu(obj->cpuset) : -1;
}

static json_int_t count(struct topology *t, hwloc_obj_type_t type)
{
	int n = hwloc_get_nbobjs_by_type(t->topo, type);

	return n < 0 ? 0 : n;
}

static json_t *cache_sizes(struct topology *t)
{
	static const struct {
		const char *name;
		hwloc_obj_type_t type;
	} levels[] = {
		{ "l1d", HWLOC_OBJ_L1CACHE }, { "l2", HWLOC_OBJ_L2CACHE }, { "l3", HWLOC_OBJ_L3CACHE },
	};
	json_t *o = json_object();

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		hwloc_obj_t c = hwloc_get_obj_by_type(t->topo, levels[i].type, 0);

		json_object_set_new(o, levels[i].name,
				    c ? json_integer((json_int_t)c->attr->cache.size) : json_null());
	}
	return o;
}

json_t *topology_summary(struct topology *t)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}",
			 "packages", count(t, HWLOC_OBJ_PACKAGE),
			 "cores", count(t, HWLOC_OBJ_CORE),
			 "pus", count(t, HWLOC_OBJ_PU),
			 "numa_nodes", count(t, HWLOC_OBJ_NUMANODE),
			 "pci_devices", count(t, HWLOC_OBJ_PCI_DEVICE),
			 "caches", cache_sizes(t));
}

unsigned long long topology_llc_bytes(struct topology *t)
{
	static const hwloc_obj_type_t levels[] = {
		HWLOC_OBJ_L3CACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L1CACHE,
	};

	for (size_t i = 0; t && i < sizeof(levels) / sizeof(levels[0]); i++) {
		hwloc_obj_t c = hwloc_get_obj_by_type(t->topo, levels[i], 0);

		if (c && c->attr->cache.size)
			return (unsigned long long)c->attr->cache.size;
	}
	return 0;
}

int topology_export_xml(struct topology *t, const char *path)
{
	return hwloc_topology_export_xml(t->topo, path, 0) < 0 ? -1 : 0;
}

/* ---- host facts hwloc knows ---- */

/* @name on the first package, else on the root (where hwloc puts it varies). */
static const char *cpu_info(struct topology *t, const char *name)
{
	hwloc_obj_t pkg = hwloc_get_obj_by_type(t->topo, HWLOC_OBJ_PACKAGE, 0);
	const char *v = pkg ? hwloc_obj_get_info_by_name(pkg, name) : NULL;

	if (!v)
		v = hwloc_obj_get_info_by_name(hwloc_get_root_obj(t->topo), name);
	return v && v[0] ? v : NULL;
}

bool topology_cpu_model(struct topology *t, char *out, size_t len)
{
	const char *model = cpu_info(t, "CPUModel");
	const char *impl = cpu_info(t, "CPUImplementer"), *part = cpu_info(t, "CPUPart");

	if (!len)
		return false;
	if (model)
		snprintf(out, len, "%s", model);
	else if (impl && part)
		snprintf(out, len, "arm64 implementer %s part %s", impl, part);
	return model || (impl && part);
}

unsigned int topology_pus(struct topology *t)
{
	return (unsigned int)count(t, HWLOC_OBJ_PU);
}

uint64_t topology_numa_memory(struct topology *t)
{
	return hwloc_get_root_obj(t->topo)->total_memory;
}
