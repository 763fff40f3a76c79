package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Result;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.spring.boot.autoconfigure.actuate.CouncilHealthIndicator;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Clustered mode uses the application's own HazelcastInstance, and the health reports its members. */
@SpringBootTest(classes = {TestApplication.class, AppHazelcastInstanceTest.Cluster.class},
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"council.mode=multi-node", "council.providers.sim.type=simulated"})
class AppHazelcastInstanceTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class Cluster {
    @Bean(destroyMethod = "shutdown")
    HazelcastInstance hazelcast() {
      Config config = new Config();
      config.setClusterName("spring-boot-test-" + UUID.randomUUID());
      config.getNetworkConfig().setPort(freePort()).setPortAutoIncrement(false);
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
      config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
      config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
      return Hazelcast.newHazelcastInstance(config);
    }

    private static int freePort() {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Autowired CouncilEngine engine;
  @Autowired CouncilDefinitions councils;
  @Autowired HazelcastInstance hazelcast;
  @Autowired CouncilHealthIndicator health;

  @Test
  void runsAreRegisteredInTheApplicationsHazelcastInstance() {
    RunHandle h = engine.start(councils.get("panel"), Map.of("question", "Clustered?"));
    Result r = h.await(Duration.ofSeconds(30));
    assertThat(r.completed()).isTrue();

    assertThat(hazelcast.getDistributedObjects()).extracting(DistributedObject::getName)
        .as("the clustered registry and pubsub live in the app's instance")
        .anyMatch(name -> name.startsWith("council."));
    assertThat(Hazelcast.getAllHazelcastInstances()).as("council started no instance of its own")
        .containsExactly(hazelcast);
  }

  @Test
  void healthReportsTheClusterMembers() {
    Health h = health.health(true);
    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails()).containsEntry("clusterMembers", 1);
  }
}
