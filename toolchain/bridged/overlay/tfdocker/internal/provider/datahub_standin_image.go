package provider

// DATAHUB STAND-IN for @pulumi/docker's Image (docker:index/image:Image).
//
// The official Image is native code of the pulumi-docker provider, whose Go module is not served
// where this toolchain is built; this Terraform-SDK resource, added to the bridged Terraform
// docker provider, implements the part of its contract DataHub relies on:
//   - builds build.context with build.dockerfile (default <context>/Dockerfile), honouring the
//     context's .dockerignore, with build.args, build.target, build.platform, build.network,
//     build.addHosts and build.cacheFrom, tagged imageName;
//   - skipPush: true keeps the image local and repoDigest is its image id (sha256:...), as
//     @pulumi/docker documents for local images since 4.4; pushing is refused with a clear error;
//   - any change of the inputs, or of a file in the context that .dockerignore keeps, rebuilds
//     (contextDigest is computed at plan time and forces a replacement when it moves);
//   - delete leaves the built image in the engine, as the official resource does.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/containerd/errdefs"
	"github.com/docker/cli/cli/command/image/build"
	dockerBuildTypes "github.com/docker/docker/api/types/build"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/moby/patternmatcher"
)

// DatahubStandinImage is the Terraform resource the bridge maps to docker:index/image:Image.
func DatahubStandinImage() *schema.Resource {
	str := func(desc string) *schema.Schema {
		return &schema.Schema{Type: schema.TypeString, Optional: true, ForceNew: true, Description: desc}
	}
	computed := func(desc string) *schema.Schema {
		return &schema.Schema{Type: schema.TypeString, Computed: true, Description: desc}
	}
	return &schema.Resource{
		Description: "DataHub stand-in for @pulumi/docker's native Image resource (not available where this " +
			"toolchain is built): builds a local context with the Docker engine and keeps the image local.",
		CreateContext: standinImageCreate,
		ReadContext:   standinImageRead,
		DeleteContext: standinImageDelete,
		CustomizeDiff: standinImageDiff,
		Schema: map[string]*schema.Schema{
			"image_name": {Type: schema.TypeString, Required: true, ForceNew: true,
				Description: "The image name, repository[:tag]."},
			"skip_push": {Type: schema.TypeBool, Optional: true, ForceNew: true, Default: false,
				Description: "Keep the image local (the stand-in cannot push)."},
			"build_on_preview": {Type: schema.TypeBool, Optional: true, ForceNew: true, Default: false,
				Description: "Accepted for compatibility; the stand-in builds on update only."},
			"build": {Type: schema.TypeList, Optional: true, ForceNew: true, MaxItems: 1,
				Description: "The Docker build context.",
				Elem: &schema.Resource{Schema: map[string]*schema.Schema{
					"context":    str("The build context folder (default \".\")."),
					"dockerfile": str("The Dockerfile (default <context>/Dockerfile)."),
					"args": {Type: schema.TypeMap, Optional: true, ForceNew: true, Elem: &schema.Schema{Type: schema.TypeString},
						Description: "Build arguments."},
					"platform":        str("The target platform, for example linux/amd64."),
					"target":          str("The stage of a multi-stage Dockerfile to build."),
					"network":         str("The network build containers use."),
					"builder_version": str("BuilderV1 or BuilderBuildKit."),
					"add_hosts": {Type: schema.TypeList, Optional: true, ForceNew: true, Elem: &schema.Schema{Type: schema.TypeString},
						Description: "Extra host:ip entries for build containers."},
					"cache_from": {Type: schema.TypeList, Optional: true, ForceNew: true, MaxItems: 1,
						Elem: &schema.Resource{Schema: map[string]*schema.Schema{
							"images": {Type: schema.TypeList, Optional: true, ForceNew: true, Elem: &schema.Schema{Type: schema.TypeString}},
						}}},
				}}},
			"registry": {Type: schema.TypeList, Optional: true, ForceNew: true, MaxItems: 1,
				Elem: &schema.Resource{Schema: map[string]*schema.Schema{
					"address":  {Type: schema.TypeString, Required: true, ForceNew: true},
					"username": {Type: schema.TypeString, Optional: true, ForceNew: true},
					"password": {Type: schema.TypeString, Optional: true, ForceNew: true, Sensitive: true},
				}}},
			"context_digest":  computed("SHA-256 of the build context as .dockerignore filters it."),
			"repo_digest":     computed("For a local image, its image id (sha256:...)."),
			"base_image_name": computed("The image name as given."),
			"context":         computed("The build context folder."),
			"dockerfile":      computed("The Dockerfile."),
			"platform":        computed("The target platform."),
			"registry_server": computed("The registry server (empty for a local image)."),
		},
	}
}

type standinBuild struct {
	context, dockerfile, platform, target, network, builder string
	args                                                    map[string]*string
	addHosts, cacheFrom                                     []string
}

func standinBuildOf(raw interface{}) standinBuild {
	b := standinBuild{context: ".", args: map[string]*string{}}
	list, _ := raw.([]interface{})
	if len(list) == 0 || list[0] == nil {
		b.dockerfile = filepath.Join(b.context, "Dockerfile")
		return b
	}
	m := list[0].(map[string]interface{})
	get := func(k string) string { s, _ := m[k].(string); return s }
	if c := get("context"); c != "" {
		b.context = c
	}
	b.dockerfile = get("dockerfile")
	if b.dockerfile == "" {
		b.dockerfile = filepath.Join(b.context, "Dockerfile")
	}
	b.platform, b.target, b.network, b.builder = get("platform"), get("target"), get("network"), get("builder_version")
	if args, ok := m["args"].(map[string]interface{}); ok {
		for k, v := range args {
			s := fmt.Sprint(v)
			b.args[k] = &s
		}
	}
	if hosts, ok := m["add_hosts"].([]interface{}); ok {
		for _, h := range hosts {
			b.addHosts = append(b.addHosts, fmt.Sprint(h))
		}
	}
	if cf, ok := m["cache_from"].([]interface{}); ok && len(cf) > 0 && cf[0] != nil {
		if images, ok := cf[0].(map[string]interface{})["images"].([]interface{}); ok {
			for _, i := range images {
				b.cacheFrom = append(b.cacheFrom, fmt.Sprint(i))
			}
		}
	}
	return b
}

// StandinContextDigest hashes every file of the context that .dockerignore keeps (path, mode,
// content), so editing an ignored file does not rebuild and editing any other file does.
func StandinContextDigest(contextDir, dockerfile string) (string, error) {
	abs, err := filepath.Abs(contextDir)
	if err != nil {
		return "", err
	}
	excludes, err := build.ReadDockerignore(abs)
	if err != nil {
		return "", fmt.Errorf("reading %s/.dockerignore: %w", contextDir, err)
	}
	relDockerfile := dockerfile
	if rel, err := filepath.Rel(abs, mustAbs(dockerfile)); err == nil {
		relDockerfile = rel
	}
	excludes = build.TrimBuildFilesFromExcludes(excludes, relDockerfile, false)
	pm, err := patternmatcher.New(excludes)
	if err != nil {
		return "", fmt.Errorf("%s/.dockerignore: %w", contextDir, err)
	}
	var files []string
	err = filepath.WalkDir(abs, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(abs, p)
		if rel == "." {
			return nil
		}
		skip, err := pm.MatchesOrParentMatches(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		if skip {
			if e.IsDir() && !pm.Exclusions() {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.IsDir() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("build.context %s: %w", contextDir, err)
	}
	sort.Strings(files)
	h := sha256.New()
	for _, rel := range files {
		p := filepath.Join(abs, rel)
		info, err := os.Lstat(p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%o\x00", filepath.ToSlash(rel), info.Mode())
		if info.Mode().Type() == fs.ModeSymlink {
			target, _ := os.Readlink(p)
			io.WriteString(h, target)
		} else if info.Mode().IsRegular() {
			f, err := os.Open(p)
			if err != nil {
				return "", err
			}
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				return "", err
			}
		}
		h.Write([]byte{0})
	}
	if !strings.HasPrefix(relDockerfile, "..") {
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	// A Dockerfile outside the context is part of the build too.
	content, err := os.ReadFile(dockerfile)
	if err != nil {
		return "", fmt.Errorf("build.dockerfile %s: %w", dockerfile, err)
	}
	h.Write(content)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// standinBuildContext is the context tar `docker build -f DOCKERFILE CONTEXT` sends: .dockerignore
// applies, but never to the Dockerfile and .dockerignore themselves (an allow-list .dockerignore
// starting with "*" must not hide the Dockerfile), and a Dockerfile outside the context is added.
func standinBuildContext(contextDir, dockerfile string) (io.ReadCloser, string, error) {
	absContext, relDockerfile, err := build.GetContextFromLocalDir(contextDir, dockerfile)
	if err != nil {
		return nil, "", err
	}
	excludes, err := build.ReadDockerignore(absContext)
	if err != nil {
		return nil, "", err
	}
	excludes = build.TrimBuildFilesFromExcludes(excludes, relDockerfile, false)
	buildCtx := getBuildContext(absContext, excludes)
	if strings.HasPrefix(relDockerfile, ".."+string(filepath.Separator)) {
		f, err := os.Open(dockerfile)
		if err != nil {
			return nil, "", fmt.Errorf("build.dockerfile %s: %w", dockerfile, err)
		}
		defer f.Close() //nolint:errcheck
		if buildCtx, relDockerfile, err = build.AddDockerfileToBuildContext(f, buildCtx); err != nil {
			return nil, "", err
		}
	}
	compressed, err := build.Compress(buildCtx)
	if err != nil {
		return nil, "", err
	}
	return compressed, relDockerfile, nil
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func standinImageDiff(ctx context.Context, d *schema.ResourceDiff, meta interface{}) error {
	if !d.NewValueKnown("build") {
		return nil
	}
	b := standinBuildOf(d.Get("build"))
	digest, err := StandinContextDigest(b.context, b.dockerfile)
	if err != nil {
		return err
	}
	if d.Get("context_digest").(string) == digest {
		return nil
	}
	if err := d.SetNew("context_digest", digest); err != nil {
		return err
	}
	if d.Id() != "" {
		return d.ForceNew("context_digest")
	}
	return nil
}

func standinImageCreate(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	imageName := d.Get("image_name").(string)
	if !d.Get("skip_push").(bool) {
		return diag.Errorf("docker.Image %s: the DataHub stand-in for Image cannot push to a registry; set skipPush: true "+
			"(the official @pulumi/docker provider pushes)", imageName)
	}
	client, err := meta.(*ProviderConfig).MakeClient(ctx, d)
	if err != nil {
		return diag.Errorf("failed to create Docker client: %s", err)
	}
	b := standinBuildOf(d.Get("build"))
	digest, err := StandinContextDigest(b.context, b.dockerfile)
	if err != nil {
		return diag.FromErr(err)
	}
	buildCtx, relDockerfile, err := standinBuildContext(b.context, b.dockerfile)
	if err != nil {
		return diag.Errorf("docker.Image %s: build.context %s: %s", imageName, b.context, err)
	}
	options := dockerBuildTypes.ImageBuildOptions{
		Tags:        []string{imageName},
		Dockerfile:  relDockerfile,
		BuildArgs:   b.args,
		Target:      b.target,
		Platform:    b.platform,
		NetworkMode: b.network,
		ExtraHosts:  b.addHosts,
		CacheFrom:   b.cacheFrom,
		Remove:      true,
		ForceRemove: true,
		Version:     dockerBuildTypes.BuilderV1,
	}
	if b.builder == "BuilderBuildKit" {
		session, done := enableBuildKitIfSupported(ctx, client, &options)
		if session != nil {
			defer func() {
				session.Close() //nolint:errcheck
				if done != nil {
					<-done
				}
			}()
		}
	}
	response, err := client.ImageBuild(ctx, buildCtx, options)
	if err != nil {
		return diag.Errorf("docker.Image %s: build failed: %s", imageName, err)
	}
	defer response.Body.Close() //nolint:errcheck
	if out, err := decodeBuildMessages(response); err != nil {
		return diag.Errorf("docker.Image %s: build failed: %s\n%s", imageName, err, lastLines(out, 40))
	}
	inspected, err := client.ImageInspect(ctx, imageName)
	if err != nil {
		return diag.Errorf("docker.Image %s: built, but the engine cannot find it: %s", imageName, err)
	}
	d.SetId(inspected.ID)
	for k, v := range map[string]string{
		"context_digest":  digest,
		"repo_digest":     inspected.ID,
		"base_image_name": imageName,
		"context":         b.context,
		"dockerfile":      b.dockerfile,
		"platform":        b.platform,
		"registry_server": "",
	} {
		if err := d.Set(k, v); err != nil {
			return diag.FromErr(err)
		}
	}
	return nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func standinImageRead(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	client, err := meta.(*ProviderConfig).MakeClient(ctx, d)
	if err != nil {
		return diag.Errorf("failed to create Docker client: %s", err)
	}
	if _, err := client.ImageInspect(ctx, d.Id()); err != nil {
		if errdefs.IsNotFound(err) {
			d.SetId("")
			return nil
		}
		return diag.Errorf("docker.Image: inspecting %s: %s", d.Id(), err)
	}
	return nil
}

func standinImageDelete(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	// As the official Image: the built image stays in the engine (a rollback may pin it by id).
	d.SetId("")
	return nil
}
