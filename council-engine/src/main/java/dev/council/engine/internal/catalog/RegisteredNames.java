package dev.council.engine.internal.catalog;

import dev.council.api.Council;
import dev.council.api.JsonTrees;
import dev.council.api.Profile;
import dev.council.api.spi.InputMapper;
import dev.council.api.spi.InputPredicate;
import dev.council.api.spi.InputTransform;
import dev.council.api.spi.OutputValidator;
import dev.council.api.spi.IterationPredicate;
import dev.council.api.spi.PairwiseJudge;
import dev.council.api.spi.Router;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names registered in code on the engine builder, which councils refer to: profiles, routers, input
 * mappers, schemas, councils, iteration predicates, pairwise judges and member hooks (input transforms,
 * output validators). (Providers, tools, round types and
 * aggregators are plugins, chosen at wiring; {@link Catalog} puts both together.) Thread-safe; later
 * registrations replace earlier ones.
 */
public final class RegisteredNames {
  private final Map<String, Profile> profiles = new ConcurrentHashMap<>();
  private final Map<String, Router> routers = new ConcurrentHashMap<>();
  private final Map<String, InputMapper> inputMappers = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> schemas = new ConcurrentHashMap<>();
  private final Map<String, Council> councils = new ConcurrentHashMap<>();
  private final Map<String, IterationPredicate> predicates = new ConcurrentHashMap<>();
  private final Map<String, PairwiseJudge> judges = new ConcurrentHashMap<>();
  private final Map<String, InputPredicate> inputPredicates = new ConcurrentHashMap<>();

  /** Registers a test on run input that an auto council's {@code rules} refer to by name. */
  public void inputPredicate(String name, InputPredicate predicate) {
    inputPredicates.put(name, predicate);
  }

  public Optional<InputPredicate> inputPredicate(String name) {
    return Optional.ofNullable(inputPredicates.get(name));
  }

  public Set<String> inputPredicateNames() {
    return new TreeSet<>(inputPredicates.keySet());
  }

  /** Registers a council under {@code name} unless one is registered under it already (for lower tiers). */
  public void councilIfAbsent(String name, Council council) {
    councils.putIfAbsent(name, council);
  }

  /** Registers a profile unless one of its name is registered already (for lower tiers). */
  public void profileIfAbsent(Profile profile) {
    profiles.putIfAbsent(profile.name(), profile);
  }

  private final Map<String, InputTransform> inputTransforms = new ConcurrentHashMap<>();
  private final Map<String, OutputValidator> outputValidators = new ConcurrentHashMap<>();

  public void inputTransform(String name, InputTransform transform) {
    inputTransforms.put(name, transform);
  }

  public void outputValidator(String name, OutputValidator validator) {
    outputValidators.put(name, validator);
  }

  public Optional<InputTransform> inputTransform(String name) {
    return Optional.ofNullable(inputTransforms.get(name));
  }

  public Optional<OutputValidator> outputValidator(String name) {
    return Optional.ofNullable(outputValidators.get(name));
  }

  public Set<String> inputTransformNames() {
    return new TreeSet<>(inputTransforms.keySet());
  }

  public Set<String> outputValidatorNames() {
    return new TreeSet<>(outputValidators.keySet());
  }

  public void predicate(String name, IterationPredicate predicate) {
    predicates.put(name, predicate);
  }

  public void judge(String name, PairwiseJudge judge) {
    judges.put(name, judge);
  }

  public Optional<IterationPredicate> predicate(String name) {
    return Optional.ofNullable(predicates.get(name));
  }

  public Optional<PairwiseJudge> judge(String name) {
    return Optional.ofNullable(judges.get(name));
  }

  public Set<String> predicateNames() {
    return new TreeSet<>(predicates.keySet());
  }

  public Set<String> judgeNames() {
    return new TreeSet<>(judges.keySet());
  }

  public void profile(Profile profile) {
    profiles.put(profile.name(), profile);
  }

  public void router(String name, Router router) {
    routers.put(name, router);
  }

  public void inputMapper(String name, InputMapper mapper) {
    inputMappers.put(name, mapper);
  }

  public void schema(String name, Map<String, Object> schema) {
    schemas.put(name, JsonTrees.copyTree(schema));
  }

  public void council(String name, Council council) {
    councils.put(name, council);
  }

  public Optional<Profile> profile(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  public Optional<Router> router(String name) {
    return Optional.ofNullable(routers.get(name));
  }

  public Optional<InputMapper> inputMapper(String name) {
    return Optional.ofNullable(inputMappers.get(name));
  }

  public Optional<Map<String, Object>> schema(String name) {
    return Optional.ofNullable(schemas.get(name));
  }

  public Optional<Council> council(String name) {
    return Optional.ofNullable(councils.get(name));
  }

  public Set<String> profileNames() {
    return new TreeSet<>(profiles.keySet());
  }

  public Set<String> routerNames() {
    return new TreeSet<>(routers.keySet());
  }

  public Set<String> inputMapperNames() {
    return new TreeSet<>(inputMappers.keySet());
  }

  public Set<String> schemaNames() {
    return new TreeSet<>(schemas.keySet());
  }

  public Set<String> councilNames() {
    return new TreeSet<>(councils.keySet());
  }
}
